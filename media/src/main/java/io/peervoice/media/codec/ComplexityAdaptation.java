package io.peervoice.media.codec;

import java.time.Duration;
import java.util.Objects;

/**
 * Load-adaptive Opus complexity: how a call's encoder trades quality for CPU when the media loop it
 * runs on is overloaded, as gateways do (degrade, don't glitch). Over each {@code window} the loop
 * is overloaded when its thread was busy for at least {@code highBusy} of the time, or at least
 * {@code highLateShare} of the call's 20 ms ticks ran {@code lateTick} or more after they were due;
 * each overloaded window steps the complexity one step down (10, 8, 6, 5, 4, ..., never below
 * {@code floor}). It steps back up one step after {@code calmWindows} windows in a row with the
 * thread busy under {@code lowBusy} and no late tick (hysteresis: quick down, slow up). The
 * complexity never goes above the one configured ({@link OpusSettings#complexity()}).
 *
 * @param enabled whether calls adapt at all
 * @param floor the lowest complexity to step down to, 0..10
 * @param window how long each measurement lasts, 100 ms .. 60 s
 * @param highBusy busy share of the loop thread that counts as overloaded, (0, 1]
 * @param lowBusy busy share under which a window counts as calm, (0, highBusy)
 * @param lateTick how late a tick must run to count as late, 1 ms .. 1 s
 * @param highLateShare share of late ticks that counts as overloaded, (0, 1]
 * @param calmWindows calm windows in a row before one step up, 1..3600
 */
public record ComplexityAdaptation(
    boolean enabled,
    int floor,
    Duration window,
    double highBusy,
    double lowBusy,
    Duration lateTick,
    double highLateShare,
    int calmWindows) {

  public ComplexityAdaptation {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(lateTick, "lateTick");
    if (floor < 0 || floor > 10) {
      throw new IllegalArgumentException("complexity floor must be 0..10: " + floor);
    }
    if (window.compareTo(Duration.ofMillis(100)) < 0
        || window.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("window must be 100 ms .. 60 s: " + window);
    }
    if (!(highBusy > 0 && highBusy <= 1) || !(lowBusy > 0 && lowBusy < highBusy)) {
      throw new IllegalArgumentException(
          "need 0 < lowBusy < highBusy <= 1: " + lowBusy + ", " + highBusy);
    }
    if (lateTick.compareTo(Duration.ofMillis(1)) < 0
        || lateTick.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("lateTick must be 1 ms .. 1 s: " + lateTick);
    }
    if (!(highLateShare > 0 && highLateShare <= 1)) {
      throw new IllegalArgumentException("highLateShare must be in (0, 1]: " + highLateShare);
    }
    if (calmWindows < 1 || calmWindows > 3600) {
      throw new IllegalArgumentException("calmWindows must be 1..3600: " + calmWindows);
    }
  }

  /**
   * On, down to complexity 5: over 1 s windows, overloaded at 85% busy or 10% of ticks 10 ms late
   * (5 ticks in 50: a backlog, not one pause), calm under 60% busy with under 5% of ticks late, one
   * step up after 5 calm windows.
   */
  public static ComplexityAdaptation defaults() {
    return new ComplexityAdaptation(
        true, 5, Duration.ofSeconds(1), 0.85, 0.60, Duration.ofMillis(10), 0.10, 5);
  }

  /** Never adapts: every call keeps its configured complexity. */
  public static ComplexityAdaptation off() {
    return defaults().withEnabled(false);
  }

  public ComplexityAdaptation withEnabled(boolean enabled) {
    return new ComplexityAdaptation(
        enabled, floor, window, highBusy, lowBusy, lateTick, highLateShare, calmWindows);
  }

  public ComplexityAdaptation withFloor(int floor) {
    return new ComplexityAdaptation(
        enabled, floor, window, highBusy, lowBusy, lateTick, highLateShare, calmWindows);
  }

  /** The complexity one step below {@code complexity}: 10, 8, 6, 5, 4, 3, 2, 1, 0. */
  static int stepBelow(int complexity) {
    return complexity > 6 ? complexity - 2 : complexity - 1;
  }
}
