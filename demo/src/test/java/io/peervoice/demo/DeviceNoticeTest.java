package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.sdk.Phone;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocalOverlay;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code listen}'s one line when a second process with the same identity comes online. */
class DeviceNoticeTest {
  @Test
  void aListenerIsToldOnceThatAnotherDeviceWithItsIdentityIsOnline() throws Exception {
    LocalOverlay overlay = LocalOverlay.start(3);
    Identity bob = Identity.generate(new SecureRandom());
    StringWriter text = new StringWriter();
    try (Phone first = phone(bob, overlay)) {
      DeviceNotice.watch(first, new PrintWriter(text, true));
      assertThat(text.toString()).as("alone").isEmpty();
      try (Phone second = phone(bob, overlay)) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> text.toString().contains("another device"));
        // the second device learns the count from its ATTACH answers, often before the phone has
        // added its own device listener (which is then told at once: DeviceWatch.listen)
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> second.devices() == 2);
        assertThat(text.toString().lines())
            .containsExactly(
                "another device with this identity is online (2 devices); calls ring on all of"
                    + " them");
      }
    } finally {
      for (var n : overlay.nodes()) {
        n.close();
      }
    }
  }

  private static Phone phone(Identity id, LocalOverlay overlay) throws Exception {
    Phone p =
        Phone.start(
            Phone.builder(id)
                .bootstrap(overlay.addresses())
                .overlayAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                // the first device learns of the second from its next keepalive (25 s by default)
                .keepalive(Duration.ofMillis(250))
                .build());
    p.ready().get(10, TimeUnit.SECONDS);
    return p;
  }
}
