package io.peervoice.nat.internal;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * How many port-prediction bursts a process may send (abuse: each is up to 2 x 1,024 datagrams): at
 * most {@link #BURSTS} in any {@link #WINDOW_NANOS}. A peer that gets us to call it, or that calls
 * us, again and again cannot make us spray more than that. Thread-safe.
 */
final class ProbeBudget {
  /** Bursts allowed per window. */
  static final int BURSTS = 4;

  /** The window: one minute. */
  static final long WINDOW_NANOS = 60_000_000_000L;

  /** The process's budget, on {@link System#nanoTime()}. */
  static final ProbeBudget PROCESS = new ProbeBudget(System::nanoTime);

  private final LongSupplier nanos;
  private final ArrayDeque<Long> spent = new ArrayDeque<>();

  ProbeBudget(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** Takes one burst if the window has room; false when spent. */
  synchronized boolean tryTake() {
    long now = nanos.getAsLong();
    while (!spent.isEmpty() && now - spent.peekFirst() >= WINDOW_NANOS) {
      spent.pollFirst();
    }
    if (spent.size() >= BURSTS) {
      return false;
    }
    spent.addLast(now);
    return true;
  }
}
