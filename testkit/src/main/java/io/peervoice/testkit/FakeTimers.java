package io.peervoice.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A thread-safe scheduler on a fake clock: tasks run on the caller of {@link #advance} when the
 * clock passes them (scheduling from other threads, e.g. a Netty loop, is safe). {@link #now()} is
 * the clock in milliseconds. Shut down, it refuses new tasks. The one fake scheduler of nat's tests
 * (TURN, STUN, ICE nomination).
 */
public final class FakeTimers extends AbstractExecutorService implements ScheduledExecutorService {
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long now;
  private long sequence;
  private boolean shutdown;

  /** A clock at 0. */
  public FakeTimers() {
    this(0);
  }

  /** A clock at {@code startMillis}. */
  public FakeTimers(long startMillis) {
    this.now = startMillis;
  }

  /** Runs what is due now. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** Tasks waiting (not cancelled). */
  public synchronized int pending() {
    return (int) queue.stream().filter(t -> !t.cancelled).count();
  }

  public synchronized long now() {
    return now;
  }

  /** Moves the clock by {@code d}, running each due task at its time (outside the lock). */
  public void advance(Duration d) {
    long until;
    synchronized (this) {
      until = now + d.toMillis();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.at > until) {
          now = until;
          return;
        }
        queue.poll();
        now = Math.max(now, next.at);
      }
      if (!next.cancelled) {
        next.done = true;
        next.task.run();
      }
    }
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("shut down");
    }
    Task t = new Task(command, now + Math.max(0, unit.toMillis(delay)), sequence++);
    queue.add(t);
    return t;
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.MILLISECONDS);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable c, long i, long p, TimeUnit u) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable c, long i, long d, TimeUnit u) {
    throw new UnsupportedOperationException();
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    return new ArrayList<>();
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
    final long at;
    final long seq;
    volatile boolean cancelled;
    volatile boolean done;

    Task(Runnable task, long at, long seq) {
      this.task = task;
      this.at = at;
      this.seq = seq;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(at - now(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Task t = (Task) o;
      return at != t.at ? Long.compare(at, t.at) : Long.compare(seq, t.seq);
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
      cancelled = true;
      return !done;
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
