package io.peervoice.sdk;

import io.peervoice.signaling.RateLimitedLog;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.EndReason;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A phone's two threads and the rules for running work on them: call logic on the signaling thread
 * (a task of a call that throws ends that call; any other failure is logged and counted), listener
 * callbacks on the events thread (their exceptions logged).
 */
final class SignalingThread {
  private static final Logger log = LoggerFactory.getLogger(Phone.class);

  private final ScheduledExecutorService signaling;
  private final ExecutorService events;
  private final RateLimitedLog warnings;
  private final AtomicLong failures = new AtomicLong();
  private volatile Thread signalingThread;

  SignalingThread(RateLimitedLog warnings) {
    this.warnings = warnings;
    this.signaling =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "peervoice-signaling");
              t.setDaemon(true);
              signalingThread = t;
              return t;
            });
    this.events = Executors.newSingleThreadExecutor(daemon("peervoice-events"));
  }

  static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** The signaling executor itself, for the phone's helpers that schedule on it. */
  ScheduledExecutorService executor() {
    return signaling;
  }

  /** Signaling tasks that threw. */
  long failures() {
    return failures.get();
  }

  /** Queues {@code task} on the signaling thread (rejected once closed). */
  void execute(Runnable task) {
    signaling.execute(task);
  }

  /** Runs a listener callback on the events thread; its exceptions are logged. */
  void dispatch(Runnable event) {
    try {
      events.execute(
          () -> {
            try {
              event.run();
            } catch (RuntimeException e) {
              log.warn("call listener failed", e);
            }
          });
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /** Timers of {@code call}'s flow; a timer task that throws ends the call. */
  CallFlow.Timers timers(Call call) {
    return (millis, task) -> {
      var f = signaling.schedule(() -> guarded(call, task), millis, TimeUnit.MILLISECONDS);
      return () -> f.cancel(false);
    };
  }

  /** Runs {@code task} of {@code call} on the signaling thread; if it throws, the call ends. */
  void later(Call call, Runnable task) {
    try {
      signaling.execute(() -> guarded(call, task));
    } catch (RejectedExecutionException e) {
      log.debug("call {}: phone closed; task dropped", call.id());
    }
  }

  void later(Call call, long millis, Runnable task) {
    try {
      signaling.schedule(() -> guarded(call, task), millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("call {}: phone closed; task dropped", call.id());
    }
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

  /** Runs {@code task} on the signaling thread and waits for it. */
  <T> T call(Callable<T> task) {
    if (Thread.currentThread() == signalingThread) {
      try {
        return task.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return signaling.submit(task).get(10, TimeUnit.SECONDS);
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

  /** Stops both threads, waiting up to two seconds for each to finish its queue. */
  void shutdown() {
    signaling.shutdown();
    events.shutdown();
    try {
      signaling.awaitTermination(2, TimeUnit.SECONDS);
      events.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
