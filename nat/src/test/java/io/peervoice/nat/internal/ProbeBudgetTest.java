package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A process sends at most {@value ProbeBudget#BURSTS} port-prediction bursts a minute. */
class ProbeBudgetTest {
  @Test
  void fourBurstsAMinute() {
    AtomicLong now = new AtomicLong(1_000);
    ProbeBudget budget = new ProbeBudget(now::get);
    for (int i = 0; i < ProbeBudget.BURSTS; i++) {
      assertThat(budget.tryTake()).as("burst %d", i).isTrue();
      now.addAndGet(1_000_000_000L);
    }
    assertThat(budget.tryTake()).as("a fifth within the minute").isFalse();
    now.set(1_000 + ProbeBudget.WINDOW_NANOS);
    assertThat(budget.tryTake()).as("the first burst's minute is over").isTrue();
    assertThat(budget.tryTake()).isFalse();
  }
}
