package io.peervoice.demo;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM for {@code listen} and {@code call}. The first signal runs the
 * command's stop action: it hangs up every call (the peers are told at once), and the command then
 * writes its reports, JSON and recordings and exits as it would have. With no action yet (before
 * there is anything to hang up), it exits with {@link ExitCodes#INTERRUPTED}. A second signal, or a
 * command still running {@link #GRACE_SECONDS} after the first, exits at once.
 *
 * <p>Signal handlers are installed only by {@link #install()} (from {@code main}); commands run
 * in-process, as in tests, get a {@code StopSignals} that only {@link #stop()} triggers.
 */
final class StopSignals {
  private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

  /** How long a stopping command may take to hang up and write its reports. */
  static final int GRACE_SECONDS = 10;

  private static volatile StopSignals current = new StopSignals(false);

  private final boolean claimed;

  private final AtomicInteger signals = new AtomicInteger();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile Runnable action;

  private StopSignals(boolean claimed) {
    this.claimed = claimed;
  }

  /** A fresh instance for a command starting now; signals reach it. */
  static StopSignals forCommand() {
    StopSignals s = new StopSignals(true);
    current = s;
    return s;
  }

  /** The command that ran in this JVM has finished. */
  static void commandFinished() {
    current.finished();
  }

  /**
   * Handles SIGINT and SIGTERM in this JVM (and runs the stop action from a shutdown hook when the
   * JVM ends for another reason while a command runs).
   */
  static void install() {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal.handle(new Signal(name), s -> current.signalled(s.getNumber()));
      } catch (IllegalArgumentException e) {
        log.debug("cannot handle SIG{}: {}", name, e.getMessage());
      }
    }
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> current.onShutdown(), "peervoice-shutdown"));
  }

  /**
   * Sets what the first signal does: hang up, so the command ends by its ordinary path. Runs it at
   * once if a signal came already.
   */
  void onStop(Runnable stopAction) {
    this.action = stopAction;
    if (signals.get() > 0) {
      runAction(stopAction);
    }
  }

  /** The instance signals reach now (tests: to check and stop a command run in-process). */
  static StopSignals current() {
    return current;
  }

  /** Whether a stop action is in place: a signal now hangs up rather than exiting 130. */
  boolean armed() {
    return action != null;
  }

  /** Whether a signal asked us to stop. */
  boolean stopped() {
    return signals.get() > 0;
  }

  /** The command has finished: the JVM may exit without waiting for it. */
  void finished() {
    finished.countDown();
  }

  private void signalled(int number) {
    if (!claimed) {
      exitSoon(128 + number); // a command without a stop action: as the JVM would have
      return;
    }
    stop();
  }

  /** What a signal does; tests call it directly. */
  void stop() {
    int n = signals.incrementAndGet();
    if (n > 1) {
      Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
    }
    Runnable a = action;
    if (a == null) {
      exitSoon(ExitCodes.INTERRUPTED);
      return;
    }
    Thread watchdog =
        new Thread(
            () -> {
              try {
                if (!finished.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
                  Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "peervoice-stop-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    runAction(a);
  }

  private static void runAction(Runnable a) {
    Thread t =
        new Thread(
            () -> {
              try {
                a.run();
              } catch (RuntimeException e) {
                log.debug("stopping", e);
              }
            },
            "peervoice-stop");
    t.setDaemon(true);
    t.start();
  }

  private static void exitSoon(int code) {
    Thread t = new Thread(() -> System.exit(code), "peervoice-exit");
    t.setDaemon(true);
    t.start();
  }

  /** The JVM is ending with the command still running: hang up, wait a little for the reports. */
  private void onShutdown() {
    Runnable a = action;
    if (a == null || finished.getCount() == 0) {
      return;
    }
    if (signals.getAndIncrement() == 0) {
      runAction(a);
    }
    try {
      finished.await(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
