package io.peervoice.nat.internal;

import io.peervoice.nat.PathState;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A selected pair's consent (RFC 7675) turned into path states by deadlines, not by polling: the
 * state is evaluated when the path connects, whenever a consent is confirmed, and when the last one
 * becomes old enough to change the state ({@link ConsentMonitor#untilNextChange}). One timer per
 * path is pending at a time, and none once the path has failed or the watch is stopped.
 */
final class ConsentWatch {
  private final ScheduledExecutorService scheduler;
  private final ConsentMonitor monitor;
  private final LongSupplier lastConsentMillis;
  private final LongSupplier wallClockMillis;
  private final long connectedMillis;
  private final Consumer<PathState> states;
  private ScheduledFuture<?> deadline;
  private boolean stopped;

  /**
   * @param lastConsentMillis the wall-clock time of the last consent, negative if none yet
   * @param states told the state at each evaluation (the same state may be told again)
   */
  ConsentWatch(
      ScheduledExecutorService scheduler,
      ConsentMonitor monitor,
      LongSupplier lastConsentMillis,
      LongSupplier wallClockMillis,
      Consumer<PathState> states) {
    this.scheduler = scheduler;
    this.monitor = monitor;
    this.lastConsentMillis = lastConsentMillis;
    this.wallClockMillis = wallClockMillis;
    this.connectedMillis = wallClockMillis.getAsLong();
    this.states = states;
  }

  /** Evaluates the state now and sets the deadline of the next change. Never blocks. */
  synchronized void check() {
    if (stopped) {
      return;
    }
    long now = wallClockMillis.getAsLong();
    long last = lastConsentMillis.getAsLong();
    states.accept(monitor.evaluate(last, connectedMillis, now));
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
    long wait = monitor.untilNextChange(last, connectedMillis, now);
    if (wait >= 0) {
      try {
        deadline = scheduler.schedule(this::check, wait, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        stopped = true; // the session's scheduler is shut down: nobody is listening any more
      }
    }
  }

  /** Cancels the pending deadline; later checks do nothing. */
  synchronized void stop() {
    stopped = true;
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }
}
