package io.peervoice.sdk;

import io.peervoice.signaling.RateLimitedLog;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.EndReason;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A phone's two serial executors and the rules for running work on them: call logic on the
 * signaling executor (a task of a call that throws ends that call; any other failure is logged and
 * counted), listener callbacks on the listener executor (their exceptions logged).
 *
 * <p>Each is the phone's own single daemon thread ({@code peervoice-signaling}, {@code
 * peervoice-events}), shut down on close, or the application's ({@link
 * PhoneConfig.Builder#signalingExecutor}, {@link PhoneConfig.Builder#listenerExecutor}), which the
 * phone serialises onto ({@link SerialExecutor}: one task at a time, in order, even on a pool) and
 * never shuts down. Timers are scheduled on the signaling scheduler and run their task through the
 * serial queue.
 */
final class SignalingThread {
  private static final Logger log = LoggerFactory.getLogger(Phone.class);

  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final SerialExecutor signaling;
  private final ExecutorService ownEvents;
  private final SerialExecutor events;
  private final RateLimitedLog warnings;
  private final AtomicLong failures = new AtomicLong();
  private final Set<ScheduledFuture<?>> pending = ConcurrentHashMap.newKeySet();

  SignalingThread(PhoneConfig config, RateLimitedLog warnings) {
    this.warnings = warnings;
    this.ownsScheduler = config.signalingExecutor().isEmpty();
    this.scheduler =
        config
            .signalingExecutor()
            .orElseGet(
                () -> Executors.newSingleThreadScheduledExecutor(daemon("peervoice-signaling")));
    this.signaling = new SerialExecutor(scheduler, "the phone's signaling executor");
    this.ownEvents =
        config.listenerExecutor().isEmpty()
            ? Executors.newSingleThreadExecutor(daemon("peervoice-events"))
            : null;
    this.events =
        new SerialExecutor(
            config.listenerExecutor().orElse(ownEvents), "the phone's listener executor");
  }

  static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * The signaling scheduler, for the phone's helpers whose timed tasks are thread-safe (the ready
   * deadline, the network poll); call logic goes through {@link #execute(Runnable)}.
   */
  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** Signaling tasks that threw. */
  long failures() {
    return failures.get();
  }

  /**
   * Queues {@code task}, which belongs to no call, on the signaling executor; what it throws is
   * logged and counted. Dropped (logged at debug) once the phone is closed.
   */
  void execute(Runnable task) {
    try {
      signaling.execute(() -> safely(task));
    } catch (RejectedExecutionException e) {
      log.debug("phone closed; signaling task dropped");
    }
  }

  /**
   * Runs a listener callback on the listener executor; what it throws is logged.
   *
   * @return false if the executor no longer takes work (the phone closed, or the application shut
   *     its executor down): {@code event} was dropped
   */
  boolean dispatch(Runnable event) {
    try {
      events.execute(
          () -> {
            try {
              event.run();
            } catch (RuntimeException | Error e) {
              log.warn("call listener failed; the call goes on", e);
              if (e instanceof VirtualMachineError fatal) {
                throw fatal;
              }
            }
          });
      return true;
    } catch (RejectedExecutionException e) {
      log.debug("phone closed; listener event dropped");
      return false;
    }
  }

  /**
   * Completes futures on the listener executor, in order with the callbacks, so that what the
   * application chained on them never runs on the signaling executor; at once if that executor no
   * longer takes work (the phone closed), so that no future is left pending.
   */
  void settle(Runnable completion) {
    if (!dispatch(completion)) {
      completion.run();
    }
  }

  /** Timers of {@code call}'s flow; a timer task that throws ends the call. */
  CallFlow.Timers timers(Call call) {
    return (millis, task) -> {
      // a timer that fired may sit in the serial queue when the flow cancels it: it must not run
      AtomicBoolean cancelled = new AtomicBoolean();
      ScheduledFuture<?> f = schedule(() -> later(call, () -> runUnless(cancelled, task)), millis);
      return () -> {
        cancelled.set(true);
        f.cancel(false);
        pending.remove(f);
      };
    };
  }

  private static void runUnless(AtomicBoolean cancelled, Runnable task) {
    if (!cancelled.get()) {
      task.run();
    }
  }

  /** Runs {@code task} of {@code call} on the signaling thread; if it throws, the call ends. */
  void later(Call call, Runnable task) {
    try {
      signaling.execute(() -> guarded(call, task));
    } catch (RejectedExecutionException e) {
      log.debug("call {}: phone closed; task dropped", call.id());
    }
  }

  /**
   * S6 presence: runs {@code task}, of no call, after {@code millis} as {@link #execute} does;
   * cancelled if the phone closes first. Returns false if it was dropped at once (the phone
   * closed).
   */
  boolean after(long millis, Runnable task) {
    try {
      schedule(() -> execute(task), millis);
      return true;
    } catch (RejectedExecutionException e) {
      log.debug("phone closed; signaling task dropped");
      return false;
    }
  }

  void later(Call call, long millis, Runnable task) {
    try {
      schedule(() -> later(call, task), millis);
    } catch (RejectedExecutionException e) {
      log.debug("call {}: phone closed; task dropped", call.id());
    }
  }

  /**
   * Schedules {@code task} on the signaling scheduler, remembered until it runs so that closing the
   * phone cancels it (an injected scheduler is not shut down, and must not keep our calls).
   */
  private ScheduledFuture<?> schedule(Runnable task, long millis) {
    AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
    ScheduledFuture<?> f =
        scheduler.schedule(
            () -> {
              ScheduledFuture<?> mine = self.get();
              if (mine != null) { // null: it runs before it was remembered (a delay of 0)
                pending.remove(mine);
              }
              task.run();
            },
            millis,
            TimeUnit.MILLISECONDS);
    self.set(f);
    pending.add(f);
    if (f.isDone()) {
      pending.remove(f); // it ran before we remembered it
    }
    return f;
  }

  /**
   * Runs {@code task} of {@code call}, on the signaling thread. Whatever it throws is logged with
   * the call id and ends the call ({@link EndReason#ERROR}, the peer told), instead of vanishing
   * into the executor; the phone and its other calls go on.
   */
  void guarded(Call call, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      failures.incrementAndGet();
      try {
        call.failed(e);
      } catch (RuntimeException again) {
        log.warn("call {}: ending the failed call failed too", call.id(), again);
      }
      if (e instanceof VirtualMachineError fatal) {
        throw fatal;
      }
    }
  }

  /** Runs a signaling task that belongs to no call; whatever it throws is logged. */
  void safely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      warnings.warn("signaling-task", "a signaling task failed: {}", e);
      log.debug("signaling task failure", e);
    }
  }

  /** As {@link #call(Callable)}, for a task without a result. */
  void run(Runnable task) {
    call(
        () -> {
          task.run();
          return null;
        });
  }

  /** Runs {@code task} on the signaling thread and waits for it. */
  <T> T call(Callable<T> task) {
    if (signaling.inTask()) {
      try {
        return task.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    FutureTask<T> future = new FutureTask<>(task);
    try {
      signaling.execute(future);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the phone is closed", e);
    }
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the phone's signaling thread did not answer", e);
    }
  }

  /**
   * Refuses new work, then stops the phone's own threads, waiting up to two seconds for each to
   * finish its queue; injected executors are left running for their owner.
   */
  void shutdown() {
    signaling.close();
    events.close();
    for (ScheduledFuture<?> f : pending) {
      f.cancel(false);
    }
    pending.clear();
    if (ownsScheduler) {
      scheduler.shutdown();
    }
    if (ownEvents != null) {
      ownEvents.shutdown();
    }
    try {
      if (ownsScheduler) {
        scheduler.awaitTermination(2, TimeUnit.SECONDS);
      }
      if (ownEvents != null) {
        ownEvents.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
