package io.peervoice.signaling.internal.overlay;

import io.peervoice.natives.UdpEndpoint;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** The real world for overlay logic: a UDP endpoint's event loop, its timers and the clocks. */
public final class LoopEnv implements Env {
  private final UdpEndpoint endpoint;
  private final LongSupplier nanoClock;
  private final LongSupplier wallClock;

  public LoopEnv(UdpEndpoint endpoint, LongSupplier nanoClock, LongSupplier wallClock) {
    this.endpoint = endpoint;
    this.nanoClock = nanoClock;
    this.wallClock = wallClock;
  }

  @Override
  public long nowMillis() {
    return nanoClock.getAsLong() / 1_000_000;
  }

  @Override
  public long wallMillis() {
    return wallClock.getAsLong();
  }

  @Override
  public Cancellable schedule(long delayMillis, Runnable task) {
    ScheduledFuture<?> f = endpoint.loop().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void send(InetSocketAddress to, byte[] datagram) {
    endpoint.send(to, datagram);
  }
}
