package io.peervoice.nat.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timers of one {@link PortPredictionProbe} (or {@link UdpRelayPing}) on its media loop, all
 * cancelled at once when it closes. Scheduling is on the loop thread; a shut-down loop makes every
 * call return false.
 */
final class ProbeTimers {
  private final ScheduledExecutorService loop;
  private final List<ScheduledFuture<?>> pending = new ArrayList<>(); // loop thread

  ProbeTimers(ScheduledExecutorService loop) {
    this.loop = loop;
  }

  /** Runs {@code task} after {@code delayMillis}; false if the loop is shut down. */
  boolean schedule(Runnable task, long delayMillis) {
    try {
      pending.removeIf(ScheduledFuture::isDone);
      pending.add(loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS));
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Runs {@code task} on the loop (any thread); false if the loop is shut down. */
  boolean execute(Runnable task) {
    try {
      loop.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Cancels every pending timer; on the loop thread. */
  void cancelAll() {
    pending.forEach(t -> t.cancel(false));
    pending.clear();
  }
}
