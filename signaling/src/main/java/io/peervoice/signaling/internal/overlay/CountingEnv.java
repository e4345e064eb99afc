package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import java.net.InetSocketAddress;

/** An {@link Env} that counts the datagrams and bytes a node sends. */
final class CountingEnv implements Env {
  private final Env env;
  private final NodeCounters counters;

  CountingEnv(Env env, NodeCounters counters) {
    this.env = env;
    this.counters = counters;
  }

  @Override
  public long nowMillis() {
    return env.nowMillis();
  }

  @Override
  public long wallMillis() {
    return env.wallMillis();
  }

  @Override
  public Cancellable schedule(long delayMillis, Runnable task) {
    return env.schedule(delayMillis, task);
  }

  @Override
  public void send(InetSocketAddress to, byte[] datagram) {
    counters.add(Event.SENT);
    counters.add(Event.BYTES_SENT, datagram.length);
    env.send(to, datagram);
  }
}
