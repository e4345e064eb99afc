package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.testkit.FakeTimers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Nomination by priority among relayed pairs: a stream relay that validates first does not win over
 * a UDP relay (higher priority) that validates within the grace period; a direct pair is nominated
 * at once; exactly one pair is nominated.
 */
class RelayGraceNominatorTest {
  private final FakeTimers timers = new FakeTimers();
  private final List<String> nominated = new CopyOnWriteArrayList<>();
  private final RelayGraceNominator<String> nominator =
      new RelayGraceNominator<>(timers, nominated::add);

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
  void aDirectPairIsNominatedAtOnceEvenDuringTheGrace() {
    nominator.validated(relayed("relay", 100));
    nominator.validated(new RelayGraceNominator.Valid<>("host", 50, false));
    assertThat(nominated).containsExactly("host");
    timers.advance(RelayGraceNominator.RELAY_GRACE);
    assertThat(nominated).containsExactly("host");
    assertThat(nominator.nominated()).isTrue();
  }
}
