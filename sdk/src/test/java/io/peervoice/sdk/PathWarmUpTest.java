package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.nat.AddressPolicy;
import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.PortRange;
import io.peervoice.nat.StunServer;
import io.peervoice.natives.MediaLoops;
import io.peervoice.session.MediaSessionConfig;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The warm-up's ICE and direct path: two sessions on real sockets of the phone's media loops
 * connect, carry datagrams both ways, and close, leaving no ICE connector thread behind (ice4j's
 * shared pools let their idle threads go after 2 s: Ice4jPoolsTest).
 */
class PathWarmUpTest {
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
  private final MediaLoops loops = MediaLoops.create(2, "path-warm-up-test");

  @AfterEach
  void stop() {
    loops.close();
    clock.shutdownNow();
  }

  @Test
  void twoSessionsConnectAndCarryEveryDatagramBothWaysThenClose() throws Exception {
    MediaSessionConfig media = MediaSessionConfig.builder(clock).mediaLoops(loops, true).build();
    AtomicReference<IceParameters> offered = new AtomicReference<>();

    int heard = PathWarmUp.run(media, offered::set);

    assertThat(heard).isEqualTo(2 * PathWarmUp.DATAGRAMS);
    assertThat(offered.get().candidates()).as("the caller's host candidates").isNotEmpty();
    assertThat(threadsNamed("path-warm-up-test"))
        .as("both ends on one loop: an idle phone's other loops start no thread")
        .hasSize(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(threadsNamed("IceConnector")).isEmpty());
  }

  @Test
  void hostOnlyKeepsInterfacesFamiliesAndPortsButNoServers() {
    IceConfig full =
        IceConfig.builder()
            .addStunServer(new StunServer("192.0.2.1", 3478))
            .relayOnly(true)
            .addressPolicy(AddressPolicy.IPV4_ONLY)
            .allowInterface("eth0")
            .blockInterface("docker0")
            .portRange(new PortRange(40000, 40099))
            .checkPacing(Duration.ofMillis(10))
            .build();

    IceConfig host = PathWarmUp.hostOnly(full);

    assertThat(host.stunServers()).isEmpty();
    assertThat(host.turnServers()).isEmpty();
    assertThat(host.relayOnly()).isFalse();
    assertThat(host.loopbackFallback()).isFalse();
    assertThat(host.addressPolicy()).isEqualTo(AddressPolicy.IPV4_ONLY);
    assertThat(host.allowedInterfaces()).containsExactly("eth0");
    assertThat(host.blockedInterfaces()).containsExactly("docker0");
    assertThat(host.portRange()).isEqualTo(full.portRange());
    assertThat(host.checkPacing()).isEqualTo(Duration.ofMillis(10));
    assertThat(host.connectTimeout()).isEqualTo(PathWarmUp.LIMIT);
  }

  private static Set<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }
}
