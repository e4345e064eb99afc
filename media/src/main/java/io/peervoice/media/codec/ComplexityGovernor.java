package io.peervoice.media.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Decides a call's Opus complexity from the load of the media loop it runs on ({@link
 * ComplexityAdaptation}): told of each 20 ms tick and how late it ran, it measures windows of the
 * injected clock, reads the loop thread's busy time (CPU time) at each window's ends, and steps the
 * complexity down a ladder from the configured one to the floor when a window is overloaded, and
 * back up one step after enough calm windows in a row. A step up that overloads the loop again
 * within that many windows doubles the calm windows the next step up needs (up to 64 times the
 * configured number), so a loop at the edge settles instead of flapping; a step up that holds
 * resets it. Pure logic with injected clocks; not thread-safe: call it from the thread whose load
 * it watches (the loop's).
 */
public final class ComplexityGovernor {
  private final ComplexityAdaptation policy;
  private final int[] ladder;
  private final LongSupplier nanoClock;
  private final LongSupplier busyNanos;
  private final long windowNanos;
  private final long lateNanos;
  private int step;
  private boolean started;
  private long windowStart;
  private long busyStart;
  private int ticks;
  private int lateTicks;
  private int calm;
  private int calmNeeded;
  private int sinceUp = -1; // windows since the last step up; -1: none pending
  private long stepsDown;
  private long stepsUp;

  /**
   * @param policy when to step, and how far down
   * @param complexity the configured complexity: the top of the ladder
   * @param nanoClock monotonic time, nanoseconds
   * @param busyNanos the watched thread's busy (CPU) time in nanoseconds, or a negative value when
   *     unknown (that window is then judged by late ticks alone)
   */
  public ComplexityGovernor(
      ComplexityAdaptation policy, int complexity, LongSupplier nanoClock, LongSupplier busyNanos) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.busyNanos = Objects.requireNonNull(busyNanos, "busyNanos");
    if (complexity < 0 || complexity > 10) {
      throw new IllegalArgumentException("Opus complexity must be 0..10: " + complexity);
    }
    List<Integer> steps = new ArrayList<>(List.of(complexity));
    for (int c = ComplexityAdaptation.stepBelow(complexity);
        policy.enabled() && c >= policy.floor();
        c = ComplexityAdaptation.stepBelow(c)) {
      steps.add(c);
    }
    ladder = steps.stream().mapToInt(Integer::intValue).toArray();
    calmNeeded = policy.calmWindows();
    windowNanos = policy.window().toNanos();
    lateNanos = policy.lateTick().toNanos();
  }

  /**
   * Takes one tick of the call.
   *
   * @param lateNanos how long after it was due the tick ran (0 or less: on time)
   * @return the complexity to encode with from now on
   */
  public int onTick(long lateNanos) {
    if (ladder.length == 1) {
      return ladder[0];
    }
    long now = nanoClock.getAsLong();
    if (!started) {
      started = true;
      startWindow(now, busyNanos.getAsLong());
    }
    ticks++;
    if (lateNanos >= this.lateNanos) {
      lateTicks++;
    }
    long elapsed = now - windowStart;
    if (elapsed >= windowNanos) {
      long busy = busyNanos.getAsLong();
      double busyShare = busy < 0 || busyStart < 0 ? 0 : (double) (busy - busyStart) / elapsed;
      judge(busyShare, (double) lateTicks / ticks);
      startWindow(now, busy);
    }
    return ladder[step];
  }

  private void judge(double busyShare, double lateShare) {
    if (sinceUp >= 0) {
      sinceUp++;
    }
    if (busyShare >= policy.highBusy() || lateShare >= policy.highLateShare()) {
      calm = 0;
      if (sinceUp >= 0 && sinceUp <= policy.calmWindows()) {
        calmNeeded = Math.min(calmNeeded * 2, 64 * policy.calmWindows()); // it flapped
      }
      sinceUp = -1;
      if (step < ladder.length - 1) {
        step++;
        stepsDown++;
      }
      return;
    }
    if (sinceUp > policy.calmWindows()) {
      calmNeeded = policy.calmWindows(); // the last step up held
      sinceUp = -1;
    }
    if (busyShare < policy.lowBusy() && lateShare < policy.highLateShare() / 2) {
      if (++calm >= calmNeeded && step > 0) {
        step--;
        stepsUp++;
        calm = 0;
        sinceUp = 0;
      }
    } else {
      calm = 0;
    }
  }

  /** Calm windows in a row the next step up needs now (more after a step up that flapped). */
  int calmNeeded() {
    return calmNeeded;
  }

  private void startWindow(long now, long busy) {
    windowStart = now;
    busyStart = busy;
    ticks = 0;
    lateTicks = 0;
  }

  /** The complexity in use now. */
  public int complexity() {
    return ladder[step];
  }

  /** Steps taken down so far. */
  public long stepsDown() {
    return stepsDown;
  }

  /** Steps taken back up so far. */
  public long stepsUp() {
    return stepsUp;
  }
}
