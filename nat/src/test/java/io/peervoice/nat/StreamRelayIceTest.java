package io.peervoice.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peervoice.testkit.TestCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An ICE session pair where one side can only use a TURN relay reached over TCP or TLS (its coturn
 * serves no UDP, and the side is relay-only, so it has no host candidate at all): the relayed
 * candidate of our TURN client joins the session, the checks and the media cross the stream, and
 * the path reports the relay transport.
 */
class StreamRelayIceTest {
  private static Coturn coturn;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @BeforeAll
  static void startCoturn() throws Exception {
    assumeTrue(Coturn.installed(), "coturn is not installed (Debian: apt-get install coturn)");
    String host = Coturn.firstIpv4().orElse(null);
    assumeTrue(host != null, "no IPv4 interface besides loopback");
    coturn = Coturn.startStreams(host, false, Files.createTempDirectory("coturn-ice"));
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

  @ParameterizedTest
  @EnumSource(
      value = TurnServer.Transport.class,
      names = {"TCP", "TLS"})
  void aRelayOnlySideOverAStreamConnectsAndCarriesMediaBothWays(TurnServer.Transport transport)
      throws Exception {
    IceConfig relayOnly =
        IceConfig.builder()
            .loopbackFallback(false)
            .relayOnly(true)
            .addTurnServer(coturn.server(transport, Coturn.PASSWORD))
            .turnTrust(TestCa.clientContext())
            .build();
    IceConfig direct = IceConfig.builder().loopbackFallback(false).build();
    try (IceSession a = IceSessions.open(relayOnly, IceRole.CONTROLLING, scheduler, Thread::new);
        IceSession b = IceSessions.open(direct, IceRole.CONTROLLED, scheduler, Thread::new)) {
      assertThat(a.localParameters().candidates()).as("no host candidate").isEmpty();
      long gatherStart = System.nanoTime();
      List<IceCandidate> relays = a.gatherAll(Duration.ofSeconds(20));
      long gatherMillis = (System.nanoTime() - gatherStart) / 1_000_000;
      assertThat(relays).extracting(IceCandidate::type).containsExactly(CandidateType.RELAYED);
      assertThat(relays.get(0).address()).isEqualTo(coturn.host);

      long connectStart = System.nanoTime();
      CompletableFuture<MediaPath> pb = b.connect(a.localParameters());
      MediaPath ab = a.connect(b.localParameters()).get(20, TimeUnit.SECONDS);
      MediaPath ba = pb.get(20, TimeUnit.SECONDS);
      long connectMillis = (System.nanoTime() - connectStart) / 1_000_000;
      System.out.printf(
          "TURN/%s ICE: gathering %d ms, connect %d ms%n", transport, gatherMillis, connectMillis);
      assertThat(ab.localCandidate().type()).isEqualTo(CandidateType.RELAYED);
      assertThat(ab.relayTransport()).isEqualTo(Optional.of(transport));
      assertThat(ba.relayTransport()).isEmpty();

      List<String> atB = new CopyOnWriteArrayList<>();
      List<String> atA = new CopyOnWriteArrayList<>();
      ba.startReceiving((d, off, len) -> atB.add(new String(d, off, len, StandardCharsets.UTF_8)));
      ab.startReceiving((d, off, len) -> atA.add(new String(d, off, len, StandardCharsets.UTF_8)));
      byte[] there = rtpLike("a to b");
      byte[] back = rtpLike("b to a");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                ab.send(there, 0, there.length);
                ba.send(back, 0, back.length);
                assertThat(atB).anyMatch(s -> s.endsWith("a to b"));
                assertThat(atA).anyMatch(s -> s.endsWith("b to a"));
              });
      assertThat(ab.state()).isEqualTo(PathState.CONNECTED);
    }
  }

  /** A datagram that is not STUN (first byte 0x80, as RTP), with {@code text} at its end. */
  private static byte[] rtpLike(String text) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    byte[] d = new byte[12 + t.length];
    d[0] = (byte) 0x80;
    System.arraycopy(t, 0, d, 12, t.length);
    return d;
  }
}
