package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.testkit.FakeTimers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * S8 review: a probe task that throws is counted (and logged), and the probe's later tasks still
 * run; before, the exception stayed in the task's future, unseen.
 */
class ProbeTimersTest {
  @Test
  void aTaskThatThrowsIsCountedAndTheNextStillRuns() {
    FakeTimers clock = new FakeTimers(0);
    ProbeTimers timers = new ProbeTimers(clock);
    List<String> ran = new ArrayList<>();
    timers.schedule(
        () -> {
          throw new IllegalStateException("a bug in a probe step");
        },
        10);
    timers.schedule(() -> ran.add("after"), 20);
    clock.advanceMillis(20);
    assertThat(timers.failures()).isEqualTo(1);
    assertThat(ran).containsExactly("after");
  }
}
