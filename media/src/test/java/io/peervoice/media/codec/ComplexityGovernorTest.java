package io.peervoice.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The governor on a fake clock: 20 ms ticks, each advancing the clock and the loop thread's busy
 * time by a chosen share; it steps down one step per overloaded 1 s window, back up one step after
 * five calm windows in a row, holds in between (hysteresis), and never leaves its ladder.
 */
class ComplexityGovernorTest {
  private static final long TICK = 20_000_000L;
  private static final long ON_TIME = 0;
  private static final long LATE = 15_000_000L; // past the default 10 ms

  private long now;
  private long busy;

  private ComplexityGovernor governor(ComplexityAdaptation policy, int complexity) {
    return new ComplexityGovernor(policy, complexity, () -> now, () -> busy);
  }

  /** Runs {@code seconds} of ticks at {@code busyShare}, every {@code lateEvery}-th tick late. */
  private List<Integer> run(ComplexityGovernor g, double seconds, double busyShare, int lateEvery) {
    List<Integer> levels = new ArrayList<>();
    for (int i = 0; i < Math.round(seconds * 50); i++) {
      now += TICK;
      busy += (long) (busyShare * TICK);
      boolean late = lateEvery > 0 && i % lateEvery == 0;
      levels.add(g.onTick(late ? LATE : ON_TIME));
    }
    return levels;
  }

  private static int last(List<Integer> levels) {
    return levels.get(levels.size() - 1);
  }

  @Test
  void stepsDownTheLadderOneStepPerBusyWindowToTheFloor() {
    ComplexityGovernor g = governor(ComplexityAdaptation.defaults(), 10);
    run(g, 0.02, 0.95, 0); // the first tick opens the first window
    List<Integer> seen = new ArrayList<>();
    for (int window = 0; window < 8; window++) {
      seen.add(last(run(g, 1, 0.95, 0)));
    }
    assertThat(seen).containsExactly(8, 6, 5, 5, 5, 5, 5, 5);
    assertThat(g.stepsDown()).isEqualTo(3);
    assertThat(g.stepsUp()).isZero();
  }

  @Test
  void lateTicksAloneAreOverloadEvenWhenTheThreadLooksIdle() {
    // the machine is saturated by others: the loop thread runs little, but its ticks run late
    ComplexityGovernor g = governor(ComplexityAdaptation.defaults(), 10);
    run(g, 0.02, 0.1, 0); // first tick opens the window
    assertThat(run(g, 1, 0.1, 25)).containsOnly(10); // 2 of 50 late (a GC pause): not overload
    assertThat(last(run(g, 1, 0.1, 10))).isEqualTo(8); // 5 of 50 late: 10%, a backlog
  }

  @Test
  void comesBackUpOneStepAfterFiveCalmWindowsAndHoldsInBetween() {
    ComplexityGovernor g = governor(ComplexityAdaptation.defaults(), 10);
    run(g, 3.02, 0.95, 0);
    assertThat(g.complexity()).isEqualTo(5);
    // between the thresholds (60%..85% busy, no late tick): neither down nor up
    assertThat(run(g, 10, 0.7, 0)).containsOnly(5);
    // calm: one step up after five windows, the next after five more
    List<Integer> calm = run(g, 5, 0.2, 0);
    assertThat(calm.subList(0, calm.size() - 1)).containsOnly(5);
    assertThat(last(calm)).isEqualTo(6);
    assertThat(last(run(g, 5, 0.2, 0))).isEqualTo(8);
    assertThat(last(run(g, 5, 0.2, 0))).isEqualTo(10);
    assertThat(last(run(g, 20, 0.2, 0))).isEqualTo(10); // never above the configured one
    assertThat(g.stepsUp()).isEqualTo(3);
  }

  @Test
  void aBusyWindowOrLateTicksRestartTheCalmCountButAStrayLateTickDoesNot() {
    ComplexityGovernor g = governor(ComplexityAdaptation.defaults(), 10);
    run(g, 1.02, 0.95, 0);
    assertThat(g.complexity()).isEqualTo(8);
    run(g, 4, 0.2, 0); // four calm windows
    run(g, 1, 0.7, 0); // a window between the thresholds: not calm, not overloaded
    assertThat(g.complexity()).isEqualTo(8);
    run(g, 4, 0.2, 0);
    run(g, 1, 0.2, 17); // 3 of 50 late (6%): not overload, not calm either
    run(g, 4, 0.2, 0);
    assertThat(g.complexity()).isEqualTo(8);
    run(g, 1, 0.2, 1000); // one stray late tick (2%) still counts as calm: the fifth
    assertThat(g.complexity()).isEqualTo(10);
  }

  @Test
  void aStepUpThatOverloadsAgainDoublesTheCalmNeededAndOneThatHoldsResetsIt() {
    ComplexityGovernor g = governor(ComplexityAdaptation.defaults(), 10);
    run(g, 1.02, 0.95, 0);
    assertThat(g.complexity()).isEqualTo(8);
    run(g, 5, 0.2, 0);
    assertThat(g.complexity()).isEqualTo(10);
    run(g, 2, 0.95, 0); // the step up overloaded the loop at once: flapping
    assertThat(g.complexity()).isEqualTo(6);
    assertThat(g.calmNeeded()).isEqualTo(10);
    assertThat(run(g, 9, 0.2, 0)).containsOnly(6); // five calm windows are no longer enough
    assertThat(last(run(g, 1, 0.2, 0))).isEqualTo(8);
    run(g, 1, 0.95, 0); // and again: 20
    assertThat(g.complexity()).isEqualTo(6);
    assertThat(g.calmNeeded()).isEqualTo(20);
    run(g, 20, 0.2, 0);
    assertThat(g.complexity()).isEqualTo(8);
    run(g, 6, 0.7, 0); // this step up held for more than five windows: back to five
    assertThat(g.calmNeeded()).isEqualTo(5);
    assertThat(last(run(g, 5, 0.2, 0))).isEqualTo(10);
    for (int i = 0; i < 10; i++) { // never above 64 times the configured number
      run(g, 1, 0.95, 0);
      run(g, g.calmNeeded(), 0.2, 0);
    }
    assertThat(g.calmNeeded()).isEqualTo(320);
  }

  @Test
  void honoursTheFloorTheConfiguredTopAndAnUnknownBusyTime() {
    ComplexityGovernor floor8 = governor(ComplexityAdaptation.defaults().withFloor(8), 10);
    run(floor8, 5, 0.99, 0);
    assertThat(floor8.complexity()).isEqualTo(8);

    ComplexityGovernor from9 = governor(ComplexityAdaptation.defaults(), 9);
    run(from9, 0.02, 0.99, 0);
    List<Integer> steps = new ArrayList<>();
    for (int w = 0; w < 5; w++) {
      steps.add(last(run(from9, 1, 0.99, 0)));
    }
    assertThat(steps).containsExactly(7, 5, 5, 5, 5);

    ComplexityGovernor unknown =
        new ComplexityGovernor(ComplexityAdaptation.defaults(), 10, () -> now, () -> -1);
    for (int w = 0; w < 3; w++) {
      for (int i = 0; i < 50; i++) {
        now += TICK;
        unknown.onTick(ON_TIME); // busy unknown, ticks on time: nothing to act on
      }
    }
    assertThat(unknown.complexity()).isEqualTo(10);
  }

  @Test
  void offOrAtTheFloorItNeverMoves() {
    ComplexityGovernor off = governor(ComplexityAdaptation.off(), 10);
    assertThat(run(off, 5, 1.0, 1)).containsOnly(10);
    ComplexityGovernor low = governor(ComplexityAdaptation.defaults(), 4);
    assertThat(run(low, 5, 1.0, 1)).containsOnly(4);
  }

  @Test
  void settingsAreValidated() {
    ComplexityAdaptation d = ComplexityAdaptation.defaults();
    assertThatThrownBy(() -> d.withFloor(11)).hasMessageContaining("floor");
    assertThatThrownBy(
            () ->
                new ComplexityAdaptation(
                    true, 5, Duration.ofMillis(10), 0.85, 0.6, Duration.ofMillis(10), 0.02, 5))
        .hasMessageContaining("window");
    assertThatThrownBy(
            () ->
                new ComplexityAdaptation(
                    true, 5, Duration.ofSeconds(1), 0.5, 0.6, Duration.ofMillis(10), 0.02, 5))
        .hasMessageContaining("lowBusy < highBusy");
    assertThatThrownBy(
            () ->
                new ComplexityAdaptation(
                    true, 5, Duration.ofSeconds(1), 0.85, 0.6, Duration.ZERO, 0.02, 5))
        .hasMessageContaining("lateTick");
    assertThatThrownBy(
            () ->
                new ComplexityAdaptation(
                    true, 5, Duration.ofSeconds(1), 0.85, 0.6, Duration.ofMillis(10), 0, 5))
        .hasMessageContaining("highLateShare");
    assertThatThrownBy(
            () ->
                new ComplexityAdaptation(
                    true, 5, Duration.ofSeconds(1), 0.85, 0.6, Duration.ofMillis(10), 0.02, 0))
        .hasMessageContaining("calmWindows");
    assertThatThrownBy(() -> governor(d, 11)).hasMessageContaining("0..10");
  }
}
