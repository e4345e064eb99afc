package io.peervoice.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Paths through a real coturn: a datagram relayed from a stranger (coturn's permissions are per IP,
 * and on this one-address machine the stranger shares the peer's IP) is dropped because it does not
 * come from the selected remote address; and relayed sessions release every socket on close.
 */
class RelayedPathTest {
  private static Coturn coturn;
  private static IceConfig config;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @BeforeAll
  static void startCoturn() throws Exception {
    assumeTrue(Coturn.installed(), "coturn is not installed (Debian: apt-get install coturn)");
    String host = Coturn.firstIpv4().orElse(null);
    assumeTrue(host != null, "no IPv4 interface besides loopback");
    coturn = Coturn.start(host);
    config =
        IceConfig.builder()
            .loopbackFallback(false)
            .addStunServer(new StunServer(coturn.host, coturn.port))
            .addTurnServer(coturn.server())
            .build();
  }

  @AfterAll
  static void stopCoturn() {
    if (coturn != null) {
      coturn.close();
    }
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  /** Two sessions connected over relays only; closed by the caller. */
  private record Relayed(IceSession a, IceSession b, MediaPath ab, MediaPath ba)
      implements AutoCloseable {
    @Override
    public void close() {
      a.close();
      b.close();
    }
  }

  /**
   * Two sessions connected over their relayed candidates. A TURN allocation is a UDP exchange with
   * a real coturn: if one side ends gathering without a relayed candidate, the pair is closed and
   * made again (at most three times), since the tests below are about what happens on a relayed
   * path, not about TURN allocation (TurnRelayTest covers that).
   */
  private Relayed relayed() throws Exception {
    for (int attempt = 1; ; attempt++) {
      IceSession a = IceSessions.open(config, IceRole.CONTROLLING, scheduler, Thread::new);
      IceSession b = IceSessions.open(config, IceRole.CONTROLLED, scheduler, Thread::new);
      try {
        a.gatherAll(Duration.ofSeconds(30));
        b.gatherAll(Duration.ofSeconds(30));
        IceParameters fromA = relaysOnly(a.localParameters());
        IceParameters fromB = relaysOnly(b.localParameters());
        if ((fromA.candidates().isEmpty() || fromB.candidates().isEmpty()) && attempt < 3) {
          a.close();
          b.close();
          continue;
        }
        assertThat(fromA.candidates()).as("relayed candidates of a").isNotEmpty();
        assertThat(fromB.candidates()).as("relayed candidates of b").isNotEmpty();
        CompletableFuture<MediaPath> pb = b.connect(fromA);
        MediaPath ab = a.connect(fromB).get(30, TimeUnit.SECONDS);
        MediaPath ba = pb.get(30, TimeUnit.SECONDS);
        assertThat(List.of(ab.localCandidate().type(), ab.remoteCandidate().type()))
            .contains(CandidateType.RELAYED);
        return new Relayed(a, b, ab, ba);
      } catch (Exception | AssertionError e) {
        a.close();
        b.close();
        throw e;
      }
    }
  }

  private static IceParameters relaysOnly(IceParameters p) {
    return new IceParameters(
        p.ufrag(),
        p.password(),
        p.candidates().stream().filter(c -> c.type() == CandidateType.RELAYED).toList());
  }

  @Test
  void aStrangerRelayedToOurPathIsDropped() throws Exception {
    try (Relayed call = relayed();
        DatagramSocket stranger = new DatagramSocket(0, InetAddress.getByName(coturn.host))) {
      List<String> got = new CopyOnWriteArrayList<>();
      call.ba().startReceiving((d, off, len) -> got.add(new String(d, off, len, UTF8)));
      IceCandidate target = call.ba().localCandidate();
      byte[] forged = "forged".getBytes(UTF8);
      byte[] genuine = "genuine".getBytes(UTF8);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                stranger.send(
                    new DatagramPacket(
                        forged,
                        forged.length,
                        new InetSocketAddress(target.address(), target.port())));
                call.ab().send(genuine, 0, genuine.length);
                assertThat(got).contains("genuine");
                assertThat(call.ba().droppedForeignSource()).isPositive();
              });
      assertThat(got).containsOnly("genuine");
    }
  }

  /** ice4j's UDP relays do not time their requests: STUN Binding pings to the server do. */
  @Test
  void aUdpRelayReportsItsRoundTripToTheServer() throws Exception {
    try (Relayed call = relayed()) {
      MediaPath relayed =
          call.ab().localCandidate().type() == CandidateType.RELAYED ? call.ab() : call.ba();
      assertThat(relayed.relayTransport()).contains(io.peervoice.nat.TurnServer.Transport.UDP);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(relayed.relayRoundTrip())
                      .hasValueSatisfying(
                          rtt -> assertThat(rtt).isPositive().isLessThan(Duration.ofSeconds(2))));
    }
  }

  @Test
  void relayedSessionsReleaseEverySocketOnClose() throws Exception {
    assumeTrue(OpenSockets.supported(), "needs /proc/self/fd");
    relayed().close(); // one-time set-up out of the baseline
    long baseline = OpenSockets.count();
    for (int i = 0; i < 3; i++) {
      try (Relayed call = relayed()) {
        List<Integer> got = new CopyOnWriteArrayList<>();
        call.ba().startReceiving((d, off, len) -> got.add(len));
        byte[] rtpLike = {(byte) 0x80, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 42};
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> {
                  call.ab().send(rtpLike, 0, rtpLike.length);
                  return !got.isEmpty();
                });
      }
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(OpenSockets.count()).isLessThanOrEqualTo(baseline));
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
