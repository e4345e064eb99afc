package io.peervoice.sdk;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in the order given, on any executor: a single thread or a pool shared
 * with the application. Each task happens-before the next. A task that throws is logged and the
 * next one runs; after {@link #close()} new tasks are refused ({@link RejectedExecutionException})
 * and the ones queued still run. The delegate is neither owned nor shut down here.
 */
final class SerialExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

  /** Tasks run per turn before the delegate gets its thread back (fairness on a shared pool). */
  private static final int BATCH = 64;

  private final Executor delegate;
  private final String name;
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean closed;
  private volatile Thread running;

  SerialExecutor(Executor delegate, String name) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.name = name;
  }

  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    if (closed) {
      throw new RejectedExecutionException(name + " is closed");
    }
    queue.add(task);
    schedule();
  }

  /** Whether the calling thread is running one of this executor's tasks now. */
  boolean inTask() {
    return running == Thread.currentThread();
  }

  /** Refuses new tasks from now on; queued ones still run. */
  void close() {
    closed = true;
  }

  private void schedule() {
    if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
      try {
        delegate.execute(this::drain);
      } catch (RejectedExecutionException e) {
        scheduled.set(false);
        queue.clear();
        throw e;
      }
    }
  }

  private void drain() {
    running = Thread.currentThread();
    try {
      for (int i = 0; i < BATCH; i++) {
        Runnable task = queue.poll();
        if (task == null) {
          break;
        }
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          log.warn("a task on {} failed", name, e);
          if (e instanceof VirtualMachineError fatal) {
            throw fatal;
          }
        }
      }
    } finally {
      running = null;
      scheduled.set(false);
    }
    try {
      schedule();
    } catch (RejectedExecutionException e) {
      log.debug("{}: the executor refused the rest of the queue (shut down)", name);
    }
  }
}
