package io.peervoice.nat.internal.turn;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls queued under a lock (listener callbacks, future completions, closes) and run once it is
 * released, so that no listener runs while the TURN client holds its lock.
 */
final class AfterLock {
  private static final Logger log = LoggerFactory.getLogger(AfterLock.class);

  private final Object lock;
  private final List<Runnable> queued = new ArrayList<>(); // guarded by lock

  AfterLock(Object lock) {
    this.lock = lock;
  }

  /** Queues {@code r}; the caller holds the lock. */
  void add(Runnable r) {
    queued.add(r);
  }

  /** Runs what was queued, without the lock (call after releasing it). */
  void run() {
    List<Runnable> tasks;
    synchronized (lock) {
      if (queued.isEmpty()) {
        return;
      }
      tasks = List.copyOf(queued);
      queued.clear();
    }
    for (Runnable r : tasks) {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.warn("TURN listener failed", e);
      }
    }
  }
}
