package io.peervoice.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real ice4j agents over the machine's real interfaces (never loopback: ice4j skips it). */
class IceSessionTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final IceConfig config = IceConfig.builder().loopbackFallback(false).build();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private IceSession open(IceRole role, IceConfig c) throws IceException {
    return IceSessions.open(c, role, scheduler, Thread::new);
  }

  @Test
  void twoAgentsConnectAndCarryDatagramsBothWays() throws Exception {
    try (IceSession a = open(IceRole.CONTROLLING, config);
        IceSession b = open(IceRole.CONTROLLED, config)) {
      assertThat(a.localParameters().candidates())
          .isNotEmpty()
          .allSatisfy(
              c -> {
                assertThat(c.type()).isEqualTo(CandidateType.HOST);
                InetAddress address = InetAddress.getByName(c.address());
                assertThat(address.isLoopbackAddress()).isFalse();
                assertThat(address.isLinkLocalAddress()).isFalse();
              });
      CompletableFuture<MediaPath> pathB = b.connect(a.localParameters());
      CompletableFuture<MediaPath> pathA = a.connect(b.localParameters());
      MediaPath ab = pathA.get(20, TimeUnit.SECONDS);
      MediaPath ba = pathB.get(20, TimeUnit.SECONDS);
      assertThat(ab.loopbackFallback()).isFalse();
      assertThat(ab.localCandidate().type()).isEqualTo(CandidateType.HOST);
      assertThat(ab.connectDuration()).isPositive();
      IceTimings timings = ab.timings();
      assertThat(timings.hostGatheringMillis()).isNotNegative();
      assertThat(timings.nominatedMillis()).isEqualTo(ab.connectDuration().toMillis());
      assertThat(timings.firstValidPairMillis()).isBetween(0L, timings.nominatedMillis());
      assertThat(timings.trickleMillis()).as("gatherMore was not called").isEqualTo(-1);
      assertThat(timings.pathReadyMillis())
          .as("the direct path is built after ICE completed")
          .isGreaterThanOrEqualTo(timings.nominatedMillis());
      assertThat(timings.pathSetUpMillis())
          .isEqualTo(timings.pathReadyMillis() - timings.nominatedMillis());

      PathExchange.carriesBothWays(ab, ba);
      assertThatThrownBy(() -> ab.startReceiving((d, o, l) -> {}))
          .isInstanceOf(IllegalStateException.class);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("peervoice-rx-") && t.isAlive()));
  }

  @Test
  void losingTheConsentOfThePeerDisconnectsThenFailsThePath() throws Exception {
    IceConfig consent =
        config.toBuilder().consentTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(4)).build();
    IceSession a = open(IceRole.CONTROLLING, consent);
    IceSession b = open(IceRole.CONTROLLED, consent);
    try {
      CompletableFuture<MediaPath> pb = b.connect(a.localParameters());
      MediaPath ab = a.connect(b.localParameters()).get(20, TimeUnit.SECONDS);
      pb.get(20, TimeUnit.SECONDS);
      List<PathState> states = new CopyOnWriteArrayList<>();
      ab.onStateChange(states::add);
      assertThat(ab.state()).isEqualTo(PathState.CONNECTED);
      b.close();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> assertThat(states).containsExactly(PathState.DISCONNECTED, PathState.FAILED));
      assertThat(ab.state()).isEqualTo(PathState.FAILED);
      ab.close();
      assertThat(ab.state()).isEqualTo(PathState.CLOSED);
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void anUnreachablePeerFailsWithTheStepNamed() throws Exception {
    IceConfig quick = config.toBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    try (IceSession a = open(IceRole.CONTROLLING, quick)) {
      IceCandidate ours = a.localParameters().candidates().get(0);
      int deadPort;
      try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName(ours.address()))) {
        deadPort = s.getLocalPort();
      }
      IceParameters nobody =
          new IceParameters(
              "nobody",
              "p".repeat(24),
              List.of(
                  new IceCandidate(
                      "9", 1, 2130706431, ours.address(), deadPort, CandidateType.HOST, null, 0)));
      CompletableFuture<MediaPath> path = a.connect(nobody);
      assertThatThrownBy(() -> path.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              IceException.class,
              e -> assertThat(e.step()).isIn(IceStep.TIMEOUT, IceStep.CONNECTIVITY_CHECKS));
      assertThatThrownBy(() -> a.connect(nobody)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void anIpv4OnlyPolicyOffersNoIpv6Candidate() throws Exception {
    IceConfig v4 = config.toBuilder().addressPolicy(AddressPolicy.IPV4_ONLY).build();
    try (IceSession a = open(IceRole.CONTROLLING, v4)) {
      assertThat(a.localParameters().candidates())
          .isNotEmpty()
          .allSatisfy(
              c ->
                  assertThat(InetAddress.getByName(c.address()))
                      .isInstanceOf(java.net.Inet4Address.class));
    }
  }

  @Test
  void noRemoteCandidateEverTrickledTimesOutSayingSo() throws Exception {
    IceConfig quick = config.toBuilder().connectTimeout(Duration.ofMillis(300)).build();
    try (IceSession a = open(IceRole.CONTROLLING, quick)) {
      CompletableFuture<MediaPath> path =
          a.connect(new IceParameters("abcd", "p".repeat(24), List.of()));
      assertThatThrownBy(() -> path.get(5, TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              IceException.class,
              e -> {
                assertThat(e.step()).isEqualTo(IceStep.TIMEOUT);
                assertThat(e.getMessage()).contains("0 remote candidates");
              });
    }
  }

  @Test
  void withoutStunOrTurnTheTrickleEndsAtOnce() throws Exception {
    try (IceSession a = open(IceRole.CONTROLLING, config)) {
      CompletableFuture<Void> end = new CompletableFuture<>();
      a.gatherMore(
          new TrickleListener() {
            @Override
            public void onCandidate(IceCandidate candidate) {
              end.completeExceptionally(new AssertionError("unexpected " + candidate));
            }

            @Override
            public void onEndOfCandidates() {
              end.complete(null);
            }
          });
      end.get(5, TimeUnit.SECONDS);
      assertThatThrownBy(() -> a.gatherMore(null)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void closingBeforeConnectFailsThePendingConnect() throws Exception {
    IceSession a = open(IceRole.CONTROLLING, config);
    IceSession b = open(IceRole.CONTROLLED, config);
    CompletableFuture<MediaPath> path = a.connect(b.localParameters());
    a.close();
    b.close();
    assertThatThrownBy(() -> path.get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            IceException.class, e -> assertThat(e.step()).isEqualTo(IceStep.CLOSED));
  }
}
