package io.peervoice.signaling.internal.overlay;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link Env} whose timers run only when the test runs them ({@link #run}); datagrams go nowhere
 * and both clocks read 0. A cancelled timer is forgotten.
 */
final class HandRunEnv implements Env {
  /** A timer waiting to be run. */
  record Timer(long delay, Runnable task) {}

  private final List<Timer> timers = new CopyOnWriteArrayList<>();

  /** The timers waiting: neither run nor cancelled. */
  List<Timer> timers() {
    return timers;
  }

  /** Runs (and forgets) every waiting timer of {@code delayMillis}; returns how many ran. */
  int run(long delayMillis) {
    int ran = 0;
    for (Timer t : List.copyOf(timers)) {
      if (t.delay() == delayMillis && timers.remove(t)) {
        t.task().run();
        ran++;
      }
    }
    return ran;
  }

  @Override
  public long nowMillis() {
    return 0;
  }

  @Override
  public long wallMillis() {
    return 0;
  }

  @Override
  public Cancellable schedule(long delayMillis, Runnable task) {
    Timer t = new Timer(delayMillis, task);
    timers.add(t);
    return () -> timers.remove(t);
  }

  @Override
  public void send(InetSocketAddress to, byte[] datagram) {}
}
