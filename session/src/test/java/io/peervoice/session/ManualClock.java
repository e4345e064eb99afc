package io.peervoice.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on virtual time for tests: nothing runs until {@link #advanceMillis} moves the time,
 * then each task due runs on the calling thread at its due time ({@link #nanos()} reads it), in
 * time order (first scheduled first at equal times). Periodic tasks run at fixed rate. Not
 * thread-safe: one test thread drives it.
 */
public final class ManualClock extends AbstractExecutorService implements ScheduledExecutorService {
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(
          Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.seq));
  private long now;
  private long seq;
  private boolean shutdown;

  /** The virtual time, in nanoseconds. */
  public long nanos() {
    return now;
  }

  /** Tasks waiting (periodic ones count once). */
  public int pending() {
    return (int) queue.stream().filter(t -> !t.isCancelled()).count();
  }

  /** Moves the time forward by {@code millis}, running every task due on the way. */
  public void advanceMillis(long millis) {
    long until = now + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!queue.isEmpty() && queue.peek().due <= until) {
      Task t = queue.poll();
      if (t.isCancelled()) {
        continue;
      }
      now = Math.max(now, t.due);
      t.runOnce();
      if (t.period > 0 && !t.isCancelled()) {
        t.due += t.period;
        t.seq = seq++;
        queue.add(t);
      }
    }
    now = until;
  }

  /**
   * Moves the time forward by {@code millis} without running anything, as a stalled machine does:
   * the tasks that fell due run at the next {@link #advanceMillis}, back to back at the time then.
   */
  public void stallMillis(long millis) {
    now += TimeUnit.MILLISECONDS.toNanos(millis);
  }

  private Task add(Runnable r, long delayNanos, long periodNanos) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("shut down");
    }
    Task t = new Task(r, now + Math.max(0, delayNanos), periodNanos, seq++);
    queue.add(t);
    return t;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(command, unit.toNanos(delay), 0);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return add(command, unit.toNanos(initialDelay), unit.toNanos(period));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return add(command, unit.toNanos(initialDelay), unit.toNanos(delay));
  }

  @Override
  public void execute(Runnable command) {
    add(command, 0, 0);
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>(queue.stream().map(t -> t.task).toList());
    queue.clear();
    return left;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }

  private final class Task implements ScheduledFuture<Object> {
    final Runnable task;
    final long period;
    long due;
    long seq;
    boolean cancelled;
    boolean done;

    Task(Runnable task, long due, long period, long seq) {
      this.task = task;
      this.due = due;
      this.period = period;
      this.seq = seq;
    }

    void runOnce() {
      task.run();
      done = period == 0;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - now, TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean was = !cancelled && !done;
      cancelled = true;
      queue.remove(this);
      return was;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Object get() throws ExecutionException {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
