package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.StreamRoute;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream routes a phone assumes from its bootstrap list are never the user's error. */
class StreamRouteDefaultsTest {
  private static final Identity ID = Identity.generate(new SecureRandom(new byte[] {7}));
  private static final InetSocketAddress A = new InetSocketAddress("198.51.100.1", 5000);
  private static final InetSocketAddress B = new InetSocketAddress("198.51.100.2", 5000);

  @Test
  void aRepeatedBootstrapAddressGetsOneAssumedRoute() {
    PhoneConfig config = Phone.builder(ID).bootstrap(List.of(A, B, A)).build();
    assertThat(config.streamRoutes())
        .containsExactly(StreamRoute.assumed(A), StreamRoute.assumed(B));
  }

  @Test
  void aLongBootstrapListGetsTheFirst64AssumedRoutes() {
    List<InetSocketAddress> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(new InetSocketAddress("198.51.100.1", 10_000 + i));
    }
    PhoneConfig config = Phone.builder(ID).bootstrap(many).build();
    assertThat(config.streamRoutes()).hasSize(64);
    assertThat(config.streamRoutes().get(0)).isEqualTo(StreamRoute.assumed(many.get(0)));
  }

  @Test
  void routesTheUserGaveAreStillChecked() {
    assertThatThrownBy(
            () ->
                Phone.builder(ID)
                    .bootstrap(List.of(A))
                    .streamRoutes(List.of(StreamRoute.of(A, 5000, 443), StreamRoute.of(A, 1, 2)))
                    .build())
        .hasMessageContaining("name a node twice");
  }
}
