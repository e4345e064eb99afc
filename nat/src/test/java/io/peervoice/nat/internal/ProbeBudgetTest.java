package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A process sends at most {@value ProbeBudget#BURSTS} port-prediction bursts a minute, and at most
 * one a minute toward any one network: a peer names where a burst goes, so calling us again and
 * again (or from addresses next to each other) must not aim more than one burst at a network.
 */
class ProbeBudgetTest {
  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void fourBurstsAMinute() throws Exception {
    AtomicLong now = new AtomicLong(1_000);
    ProbeBudget budget = new ProbeBudget(now::get);
    for (int i = 0; i < ProbeBudget.BURSTS; i++) {
      assertThat(budget.tryTake(ip("198.51." + i + ".7"))).as("burst %d", i).isTrue();
      now.addAndGet(1_000_000_000L);
    }
    assertThat(budget.tryTake(ip("203.0.113.1"))).as("a fifth within the minute").isFalse();
    now.set(1_000 + ProbeBudget.WINDOW_NANOS);
    assertThat(budget.tryTake(ip("203.0.113.1"))).as("the first burst's minute is over").isTrue();
    assertThat(budget.tryTake(ip("203.0.114.1"))).isFalse();
  }

  @Test
  void oneBurstAMinuteTowardOneNetwork() throws Exception {
    AtomicLong now = new AtomicLong(5);
    ProbeBudget budget = new ProbeBudget(now::get);
    assertThat(budget.tryTake(ip("203.0.113.9"))).isTrue();
    now.addAndGet(30_000_000_000L);
    assertThat(budget.tryTake(ip("203.0.113.9"))).as("the same address again").isFalse();
    assertThat(budget.tryTake(ip("203.0.113.200"))).as("the same /24").isFalse();
    assertThat(budget.tryTake(ip("2001:db8:1:2::1"))).isTrue();
    assertThat(budget.tryTake(ip("2001:db8:1:ffff::9"))).as("the same IPv6 /48").isFalse();
    assertThat(budget.tryTake(ip("203.0.112.9"))).as("another network").isTrue();
    now.set(5 + ProbeBudget.WINDOW_NANOS);
    assertThat(budget.tryTake(ip("203.0.113.9"))).as("a minute after the first").isTrue();
  }
}
