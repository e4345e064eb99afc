package io.peervoice.signaling.internal.overlay;

import java.util.Objects;

/**
 * An {@link Env} on another's clock and timers: subclasses decide only how a datagram leaves
 * (counted, down a stream, ...), then hand it to {@link #base} or elsewhere.
 */
public abstract class ForwardingEnv implements Env {
  /** The world whose clock and timers this one shares. */
  protected final Env base;

  protected ForwardingEnv(Env base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  @Override
  public final long nowMillis() {
    return base.nowMillis();
  }

  @Override
  public final long wallMillis() {
    return base.wallMillis();
  }

  @Override
  public final Cancellable schedule(long delayMillis, Runnable task) {
    return base.schedule(delayMillis, task);
  }
}
