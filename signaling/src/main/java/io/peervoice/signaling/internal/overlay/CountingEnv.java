package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import java.net.InetSocketAddress;

/** An {@link Env} that counts the datagrams and bytes a node sends. */
final class CountingEnv extends ForwardingEnv {
  private final NodeCounters counters;

  CountingEnv(Env env, NodeCounters counters) {
    super(env);
    this.counters = counters;
  }

  @Override
  public void send(InetSocketAddress to, byte[] datagram) {
    counters.add(Event.SENT);
    counters.add(Event.BYTES_SENT, datagram.length);
    base.send(to, datagram);
  }
}
