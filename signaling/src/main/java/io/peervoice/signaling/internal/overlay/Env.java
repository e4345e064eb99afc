package io.peervoice.signaling.internal.overlay;

import java.net.InetSocketAddress;

/**
 * What overlay logic needs from the world: a clock, timers and a datagram socket. All callbacks run
 * on one thread (a Netty event loop, or a simulation's virtual-time loop), so logic needs no locks.
 */
public interface Env {
  /** Milliseconds on a monotonic clock. */
  long nowMillis();

  /** Unix time in milliseconds, for record expiry and attach timestamps. */
  long wallMillis();

  /** Runs {@code task} after {@code delayMillis} on the logic's thread. */
  Cancellable schedule(long delayMillis, Runnable task);

  /** Sends one datagram; never blocks, may silently drop (UDP). */
  void send(InetSocketAddress to, byte[] datagram);

  /** A scheduled task that can be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
