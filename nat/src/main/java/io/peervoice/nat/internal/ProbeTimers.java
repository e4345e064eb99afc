package io.peervoice.nat.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timers of one {@link PortPredictionProbe} (or {@link UdpRelayPing}) on its media loop, all
 * cancelled at once when it closes. Scheduling is on the loop thread; a shut-down loop makes every
 * call return false. A task that throws a runtime exception is logged (WARN, with its stack) and
 * counted, not lost in its future.
 */
final class ProbeTimers {
  private final ScheduledExecutorService loop;
  private static final Logger log = LoggerFactory.getLogger(ProbeTimers.class);
  private final List<ScheduledFuture<?>> pending = new ArrayList<>(); // loop thread
  private final LongAdder failures = new LongAdder();

  ProbeTimers(ScheduledExecutorService loop) {
    this.loop = loop;
  }

  /** Runs {@code task} after {@code delayMillis}; false if the loop is shut down. */
  boolean schedule(Runnable task, long delayMillis) {
    try {
      pending.removeIf(ScheduledFuture::isDone);
      pending.add(loop.schedule(logged(task), delayMillis, TimeUnit.MILLISECONDS));
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Runs {@code task} on the loop (any thread); false if the loop is shut down. */
  boolean execute(Runnable task) {
    try {
      loop.execute(logged(task));
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Tasks that threw (each logged); a failure inside a future would otherwise go unseen. */
  long failures() {
    return failures.sum();
  }

  private Runnable logged(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) { // an Error is not caught: the loop logs it and goes on
        failures.increment();
        log.warn("a probe task failed (port prediction or relay ping); the probe goes on", e);
      }
    };
  }

  /** Cancels every pending timer; on the loop thread. */
  void cancelAll() {
    pending.forEach(t -> t.cancel(false));
    pending.clear();
  }
}
