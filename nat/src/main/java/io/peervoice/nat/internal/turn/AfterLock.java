package io.peervoice.nat.internal.turn;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls queued under a lock (listener callbacks, future completions, closes) and run once it is
 * released, so that no listener runs while the TURN client holds its lock. Each thread runs only
 * what it queued itself: a listener call made for a frame runs on the connection's loop, one made
 * for a timeout or refresh on the timers' thread, never on an unrelated thread (e.g. one sending
 * media) that happened to release the lock first.
 */
final class AfterLock {
  private static final Logger log = LoggerFactory.getLogger(AfterLock.class);

  private final ThreadLocal<List<Runnable>> queued = ThreadLocal.withInitial(ArrayList::new);

  /** Queues {@code r} for this thread; the caller holds the lock. */
  void add(Runnable r) {
    queued.get().add(r);
  }

  /** Runs what this thread queued, without the lock (call after releasing it). */
  void run() {
    List<Runnable> tasks = queued.get();
    if (tasks.isEmpty()) {
      queued.remove();
      return;
    }
    List<Runnable> now = List.copyOf(tasks);
    tasks.clear();
    for (Runnable r : now) {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.warn("TURN listener failed", e);
      }
    }
    run(); // what those calls queued in turn
  }
}
