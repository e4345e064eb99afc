package io.peervoice.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A thread-safe scheduler on a fake clock: nothing runs until {@link #advance} moves the clock,
 * then each task due runs on the caller at its due time, in time order (first scheduled first at
 * equal times); scheduling from other threads (e.g. a Netty loop) is safe. Periodic tasks run at a
 * fixed rate. {@link #now()} is the clock in milliseconds, {@link #nanos()} in nanoseconds. Shut
 * down, it refuses new tasks. The one fake scheduler of the tests (nat's TURN, STUN and ICE
 * nomination; session's media timers).
 */
public final class FakeTimers extends AbstractExecutorService implements ScheduledExecutorService {
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long nowNanos;
  private long sequence;
  private boolean shutdown;

  /** A clock at 0. */
  public FakeTimers() {
    this(0);
  }

  /** A clock at {@code startMillis}. */
  public FakeTimers(long startMillis) {
    this.nowNanos = TimeUnit.MILLISECONDS.toNanos(startMillis);
  }

  /** Runs what is due now. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** Tasks waiting (not cancelled; periodic ones count once). */
  public synchronized int pending() {
    return (int) queue.stream().filter(t -> !t.cancelled).count();
  }

  /** The clock in milliseconds. */
  public synchronized long now() {
    return TimeUnit.NANOSECONDS.toMillis(nowNanos);
  }

  /** The clock in nanoseconds. */
  public synchronized long nanos() {
    return nowNanos;
  }

  /** Moves the clock by {@code millis}, running each due task at its time. */
  public void advanceMillis(long millis) {
    advance(Duration.ofMillis(millis));
  }

  /**
   * Moves the clock by {@code millis} without running anything, as a stalled machine does: the
   * tasks that fell due run at the next {@link #advance}, back to back at the time then.
   */
  public synchronized void stallMillis(long millis) {
    nowNanos += TimeUnit.MILLISECONDS.toNanos(millis);
  }

  /** Moves the clock by {@code d}, running each due task at its time (outside the lock). */
  public void advance(Duration d) {
    long until;
    synchronized (this) {
      until = nowNanos + d.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.at > until) {
          nowNanos = Math.max(nowNanos, until);
          return;
        }
        queue.poll();
        nowNanos = Math.max(nowNanos, next.at);
      }
      if (!next.cancelled) {
        next.task.run();
        synchronized (this) {
          if (next.period > 0 && !next.cancelled) {
            next.at += next.period;
            next.seq = sequence++;
            queue.add(next);
          } else {
            next.done = true;
          }
        }
      }
    }
  }

  private synchronized Task add(Runnable command, long delayNanos, long periodNanos) {
    if (shutdown) {
      throw new RejectedExecutionException("shut down");
    }
    Task t = new Task(command, nowNanos + Math.max(0, delayNanos), periodNanos, sequence++);
    queue.add(t);
    return t;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(command, unit.toNanos(delay), 0);
  }

  @Override
  public void execute(Runnable command) {
    add(command, 0, 0);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return add(command, unit.toNanos(initialDelay), Math.max(1, unit.toNanos(period)));
  }

  /** As {@link #scheduleAtFixedRate}: a task takes no time on this clock. */
  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return scheduleAtFixedRate(command, initialDelay, delay, unit);
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>(queue.stream().map(t -> t.task).toList());
    queue.clear();
    return left;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }

  @Override
  public <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> t) {
    throw new UnsupportedOperationException();
  }

  private final class Task implements ScheduledFuture<Object> {
    final Runnable task;
    final long period;
    long at;
    long seq;
    volatile boolean cancelled;
    volatile boolean done;

    Task(Runnable task, long at, long period, long seq) {
      this.task = task;
      this.at = at;
      this.period = period;
      this.seq = seq;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(at - nanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Task t = (Task) o;
      return at != t.at ? Long.compare(at, t.at) : Long.compare(seq, t.seq);
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
      boolean was = !cancelled && !done;
      cancelled = true;
      synchronized (FakeTimers.this) {
        queue.remove(this);
      }
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
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
