package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The burst's pacing: {@link ProbePlan#BATCH} steps a beat, one beat per timer, until done or told
 * to stop; a step that throws is logged and the others still run. Timers are run by hand.
 */
class PacedBurstTest {
  private final ArrayDeque<Runnable> timers = new ArrayDeque<>();
  private final List<Long> delays = new ArrayList<>();

  private PacedBurst burst(AtomicBoolean go) {
    return new PacedBurst(
        (task, delay) -> {
          timers.add(task);
          delays.add(delay);
          return true;
        },
        go::get);
  }

  @Test
  void runsABatchABeatAndGoesOnPastAStepThatThrows() {
    PacedBurst burst = burst(new AtomicBoolean(true));
    List<Integer> ran = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int n = i;
      burst.add(
          () -> {
            if (n == 3) {
              throw new IllegalStateException("bind failed");
            }
            ran.add(n);
          });
    }
    burst.start();
    assertThat(ran).hasSize(ProbePlan.BATCH - 1); // the first beat, less the step that threw
    List<Integer> beats = new ArrayList<>();
    while (!timers.isEmpty()) {
      int before = ran.size();
      timers.poll().run();
      beats.add(ran.size() - before);
    }
    assertThat(beats).containsExactly(ProbePlan.BATCH, 40 - 2 * ProbePlan.BATCH);
    assertThat(delays).containsOnly(ProbePlan.BATCH_INTERVAL_MILLIS);
    assertThat(ran).hasSize(39).doesNotContain(3);
  }

  @Test
  void stopsWhenToldTo() {
    AtomicBoolean go = new AtomicBoolean(true);
    PacedBurst burst = burst(go);
    List<Integer> ran = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int n = i;
      burst.add(() -> ran.add(n));
    }
    burst.start();
    go.set(false); // a path was found
    while (!timers.isEmpty()) {
      timers.poll().run();
    }
    assertThat(ran).hasSize(ProbePlan.BATCH);
  }
}
