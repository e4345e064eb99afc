package io.peervoice.signaling.internal.overlay;

import java.util.ArrayDeque;

/**
 * Costly work of the overlay client (opening and sealing messages: an X25519 and an Ed25519
 * operation each) run one task per turn of the {@link Env} loop, in order, so that datagrams read
 * meanwhile (acknowledgements, answers to requests with short deadlines) are handled between two
 * tasks rather than after a whole burst of them. Bounded: beyond {@code max} tasks waiting, a task
 * is refused. Single-threaded on the {@link Env}.
 */
final class PacedWork {
  private final Env env;
  private final int max;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private long refused;

  PacedWork(Env env, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1: " + max);
    }
    this.env = env;
    this.max = max;
  }

  /** Queues {@code task}; false (and it never runs) if {@code max} tasks are waiting already. */
  boolean add(Runnable task) {
    if (waiting.size() >= max) {
      refused++;
      return false;
    }
    waiting.add(task);
    if (waiting.size() == 1) {
      env.schedule(0, this::runNext);
    }
    return true;
  }

  private void runNext() {
    Runnable next = waiting.poll();
    if (next == null) {
      return;
    }
    if (!waiting.isEmpty()) {
      env.schedule(0, this::runNext);
    }
    next.run();
  }

  /** Tasks waiting now. */
  int waiting() {
    return waiting.size();
  }

  /** Tasks refused because {@code max} were waiting. */
  long refused() {
    return refused;
  }
}
