package io.peervoice.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ICE through a real coturn: relayed candidates, and a relay-to-relay path when only relays are
 * offered. Needs coturn ({@link CiGate}: skipped without it on a developer machine, failed in CI).
 * Parsing of TURN settings is in {@link TurnServerTest}.
 */
class TurnRelayTest {
  private static Coturn coturn;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @BeforeAll
  static void startCoturn() throws Exception {
    CiGate.require(Coturn.installed(), "coturn is not installed (Debian: apt-get install coturn)");
    String host = Coturn.firstIpv4().orElse(null);
    CiGate.require(host != null, "no IPv4 interface besides loopback for coturn to listen on");
    coturn = Coturn.start(host);
  }

  @AfterAll
  static void stopCoturn() {
    if (coturn != null) {
      coturn.close();
    }
  }

  private IceSession open(IceRole role, IceConfig config) throws IceException {
    return IceSessions.open(config, role, scheduler, Thread::new);
  }

  private static IceParameters relaysOnly(IceParameters p) {
    return new IceParameters(
        p.ufrag(),
        p.password(),
        p.candidates().stream().filter(c -> c.type() == CandidateType.RELAYED).toList());
  }

  @Test
  void gathersRelayAndReflexiveCandidatesAndConnectsRelayToRelay() throws Exception {
    IceConfig config =
        IceConfig.builder()
            .loopbackFallback(false)
            .addStunServer(new StunServer(coturn.host, coturn.port))
            .addTurnServer(coturn.server())
            .build();
    try (IceSession a = open(IceRole.CONTROLLING, config);
        IceSession b = open(IceRole.CONTROLLED, config)) {
      assertThat(a.localParameters().candidates())
          .extracting(IceCandidate::type)
          .containsOnly(CandidateType.HOST);
      List<IceCandidate> trickledA = trickle(a);
      List<IceCandidate> trickledB = trickle(b);
      IceCandidate relay =
          trickledA.stream()
              .filter(c -> c.type() == CandidateType.RELAYED)
              .findFirst()
              .orElseThrow();
      assertThat(relay.address()).isEqualTo(coturn.host);
      assertThat(relay.port()).isNotEqualTo(coturn.port);
      assertThat(relay.relatedAddress()).isNotNull();
      assertThat(a.localParameters().candidates()).contains(relay);

      IceParameters aRelays = relaysOnly(a.localParameters());
      IceParameters bNothingYet =
          new IceParameters(b.localParameters().ufrag(), b.localParameters().password(), List.of());
      CompletableFuture<MediaPath> pb = b.connect(aRelays);
      CompletableFuture<MediaPath> pa = a.connect(bNothingYet);
      trickledB.stream()
          .filter(c -> c.type() == CandidateType.RELAYED)
          .forEach(a::addRemoteCandidate);
      MediaPath ab = pa.get(30, TimeUnit.SECONDS);
      MediaPath ba = pb.get(30, TimeUnit.SECONDS);
      // Only relays were offered, so the path runs through coturn. Which end is relayed can vary
      // here: coturn's permissions are per IP and on this one-address machine the relay and the
      // hosts share an IP (the NAT lab separates them).
      assertThat(List.of(ab.localCandidate().type(), ab.remoteCandidate().type()))
          .contains(CandidateType.RELAYED);

      List<String> got = new CopyOnWriteArrayList<>();
      ba.startReceiving((d, off, len) -> got.add(new String(d, off, len, StandardCharsets.UTF_8)));
      byte[] hello = "through the relay".getBytes(StandardCharsets.UTF_8);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                ab.send(hello, 0, hello.length);
                assertThat(got).contains("through the relay");
              });
    } finally {
      scheduler.shutdownNow();
    }
  }

  private static List<IceCandidate> trickle(IceSession session) throws Exception {
    return session.gatherAll(Duration.ofSeconds(30));
  }
}
