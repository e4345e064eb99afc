package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.testkit.FakeTimers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.ice4j.ice.CandidateType;
import org.junit.jupiter.api.Test;

/**
 * Nomination by priority among relayed pairs: a stream relay that validates first does not win over
 * a UDP relay (higher priority) that validates within the grace period; a direct pair is nominated
 * at once; exactly one pair is nominated.
 */
class RelayGraceNominatorTest {
  private final FakeTimers timers = new FakeTimers();
  private final List<String> nominated = new CopyOnWriteArrayList<>();
  private final AtomicBoolean controlling = new AtomicBoolean(true);
  private final RelayGraceNominator<String> nominator =
      new RelayGraceNominator<>(timers, controlling::get, nominated::add);

  private static RelayGraceNominator.Valid<String> relayed(String name, long priority) {
    return new RelayGraceNominator.Valid<>(name, priority, true);
  }

  @Test
  void aUdpRelayValidatedAfterATcpRelayButWithinTheGraceWins() {
    nominator.validated(relayed("tcp-relay", 100)); // first valid: its allocation came first
    timers.advance(Duration.ofMillis(50));
    nominator.validated(relayed("udp-relay", 900));
    assertThat(nominated).isEmpty();
    timers.advance(RelayGraceNominator.RELAY_GRACE);
    assertThat(nominated).containsExactly("udp-relay");
    nominator.validated(relayed("late", 5000));
    timers.advance(RelayGraceNominator.RELAY_GRACE);
    assertThat(nominated).containsExactly("udp-relay");
  }

  @Test
  void aLoneStreamRelayIsNominatedWhenTheGraceEnds() {
    nominator.validated(relayed("tls-relay", 1));
    timers.advance(RelayGraceNominator.RELAY_GRACE.minusMillis(1));
    assertThat(nominated).isEmpty();
    timers.advance(Duration.ofMillis(1));
    assertThat(nominated).containsExactly("tls-relay");
  }

  @Test
  void onlyADirectPairNominatedAtOnceIsReportedForSendingBeforeItsNominationIsConfirmed() {
    List<String> early = new CopyOnWriteArrayList<>();
    nominator.onDirectNomination(early::add);
    nominator.validated(relayed("relay", 100));
    timers.advance(RelayGraceNominator.RELAY_GRACE);
    assertThat(nominated).containsExactly("relay");
    assertThat(early).as("a relay nominated after the grace waits for its confirmation").isEmpty();

    RelayGraceNominator<String> direct =
        new RelayGraceNominator<>(timers, controlling::get, nominated::add);
    direct.onDirectNomination(early::add);
    direct.validated(new RelayGraceNominator.Valid<>("host", 50, false));
    direct.validated(new RelayGraceNominator.Valid<>("host2", 60, false));
    assertThat(early).containsExactly("host");

    controlling.set(false);
    RelayGraceNominator<String> controlled =
        new RelayGraceNominator<>(timers, controlling::get, nominated::add);
    controlled.onDirectNomination(early::add);
    controlled.validated(new RelayGraceNominator.Valid<>("controlled-host", 50, false));
    assertThat(early).containsExactly("host");
  }

  @Test
  void aDirectPairIsNominatedAtOnceEvenDuringTheGrace() {
    nominator.validated(relayed("relay", 100));
    nominator.validated(new RelayGraceNominator.Valid<>("host", 50, false));
    assertThat(nominated).containsExactly("host");
    timers.advance(RelayGraceNominator.RELAY_GRACE);
    assertThat(nominated).containsExactly("host");
    assertThat(nominator.nominated()).isTrue();
  }

  @Test
  void anAgentThatBecameControllingAfterARoleConflictNominates() {
    controlling.set(false); // started controlled
    nominator.validated(new RelayGraceNominator.Valid<>("host-early", 50, false));
    assertThat(nominated).isEmpty();
    controlling.set(true); // 487: ice4j calls Agent.setControlling(true)
    nominator.validated(new RelayGraceNominator.Valid<>("host", 50, false));
    assertThat(nominated).containsExactly("host");
  }

  @Test
  void anAgentThatBecameControlledDuringTheGraceDoesNotNominate() {
    nominator.validated(relayed("relay", 100));
    controlling.set(false);
    timers.advance(RelayGraceNominator.RELAY_GRACE);
    assertThat(nominated).isEmpty();
    controlling.set(true);
    nominator.validated(relayed("relay-2", 10));
    timers.advance(RelayGraceNominator.RELAY_GRACE);
    assertThat(nominated).containsExactly("relay");
  }

  @Test
  void onlyHostOrServerReflexiveAtBothEndsIsNominatedAtOnce() {
    assertThat(
            Ice4jAgentSetup.waitsForGrace(
                CandidateType.HOST_CANDIDATE, CandidateType.HOST_CANDIDATE))
        .isFalse();
    assertThat(
            Ice4jAgentSetup.waitsForGrace(
                CandidateType.SERVER_REFLEXIVE_CANDIDATE, CandidateType.HOST_CANDIDATE))
        .isFalse();
    // a peer-reflexive remote may be the peer's relay (a TLS relay must not beat a UDP one)
    assertThat(
            Ice4jAgentSetup.waitsForGrace(
                CandidateType.HOST_CANDIDATE, CandidateType.PEER_REFLEXIVE_CANDIDATE))
        .isTrue();
    assertThat(
            Ice4jAgentSetup.waitsForGrace(
                CandidateType.RELAYED_CANDIDATE, CandidateType.HOST_CANDIDATE))
        .isTrue();
    assertThat(
            Ice4jAgentSetup.waitsForGrace(
                CandidateType.HOST_CANDIDATE, CandidateType.RELAYED_CANDIDATE))
        .isTrue();
  }

  @Test
  void freeCancelsTheGraceTimer() {
    nominator.validated(relayed("relay", 100));
    assertThat(timers.pending()).isEqualTo(1);
    nominator.free();
    assertThat(timers.pending()).isZero();
    timers.advance(RelayGraceNominator.RELAY_GRACE);
    assertThat(nominated).isEmpty();
    nominator.validated(new RelayGraceNominator.Valid<>("host", 50, false));
    assertThat(nominated).isEmpty();
  }

  @Test
  void aRejectedGraceTimerDoesNotLeaveTheNominatorWaitingForever() {
    AtomicBoolean rejectOnce = new AtomicBoolean(true);
    java.util.concurrent.ScheduledExecutorService flaky =
        (java.util.concurrent.ScheduledExecutorService)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {java.util.concurrent.ScheduledExecutorService.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("schedule") && rejectOnce.getAndSet(false)) {
                    throw new java.util.concurrent.RejectedExecutionException("busy");
                  }
                  try {
                    return method.invoke(timers, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    RelayGraceNominator<String> n =
        new RelayGraceNominator<>(flaky, controlling::get, nominated::add);
    n.validated(relayed("tcp-relay", 100)); // rejected: logged, not waiting
    n.validated(relayed("udp-relay", 900)); // schedules the grace now
    timers.advance(RelayGraceNominator.RELAY_GRACE);
    assertThat(nominated).containsExactly("udp-relay");
  }

  @Test
  void aFailingNominationIsCaughtAndLoggedOnTheTimer() {
    AtomicInteger calls = new AtomicInteger();
    RelayGraceNominator<String> n =
        new RelayGraceNominator<>(
            timers,
            controlling::get,
            p -> {
              calls.incrementAndGet();
              throw new IllegalArgumentException("boom");
            });
    n.validated(relayed("relay", 100));
    timers.advance(RelayGraceNominator.RELAY_GRACE); // FakeTimers would rethrow an escaping one
    assertThat(calls).hasValue(1);
  }

  /**
   * S8: a browser's checks reach us before its trickled candidates, so its pair turns valid with a
   * peer-reflexive remote and waits for the grace; the host candidate it then names at that address
   * shows the pair is direct: nominated at once, not 200 ms later.
   */
  @Test
  void aPeerReflexiveRemoteThatThePeerNamesAsItsHostCandidateIsNominatedAtOnce() {
    Object browser = new java.net.InetSocketAddress("192.0.2.7", 50_000);
    nominator.validated(new RelayGraceNominator.Valid<>("prflx", 100, true, browser));
    assertThat(nominated).isEmpty();
    nominator.directRemote(new java.net.InetSocketAddress("192.0.2.8", 50_000));
    assertThat(nominated).as("another address").isEmpty();
    timers.advance(Duration.ofMillis(20));
    nominator.directRemote(new java.net.InetSocketAddress("192.0.2.7", 50_000));
    assertThat(nominated).containsExactly("prflx");
    timers.advance(RelayGraceNominator.RELAY_GRACE);
    assertThat(nominated).containsExactly("prflx");
  }

  /** S8: named first, validated later: no wait either; a relayed local end still waits. */
  @Test
  void aRemoteNamedAsDirectBeforeItsPairValidatesDoesNotWait() {
    Object browser = new java.net.InetSocketAddress("192.0.2.7", 50_000);
    nominator.directRemote(browser);
    nominator.validated(new RelayGraceNominator.Valid<>("our-relay", 100, true, null));
    assertThat(nominated).as("our relay to that address: no remote key, waits").isEmpty();
    nominator.validated(new RelayGraceNominator.Valid<>("prflx", 90, true, browser));
    assertThat(nominated).containsExactly("prflx");
  }

  @Test
  void theControlledSideRemembersButNeverNominates() {
    controlling.set(false);
    Object browser = new java.net.InetSocketAddress("192.0.2.7", 50_000);
    nominator.validated(new RelayGraceNominator.Valid<>("prflx", 100, true, browser));
    nominator.directRemote(browser);
    timers.advance(RelayGraceNominator.RELAY_GRACE);
    assertThat(nominated).isEmpty();
  }
}
