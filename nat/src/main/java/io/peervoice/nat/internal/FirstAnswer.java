package io.peervoice.nat.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches a selected direct pair's port for the first STUN Binding success response from the peer
 * (RFC 8489 §6.3.1: type 0x0101 with the magic cookie), on the port's loop thread, and runs an
 * action once. Controlling side: the peer answering a check of ours after we selected the pair (our
 * nominating check, or our STUN's first consent request, which carries USE-CANDIDATE too) means its
 * agent is up and has our nomination, so ice4j's agent, kept for its nominating check's
 * retransmissions, may go. Only the source address and the header are read; the response is not
 * authenticated here (our STUN verifies it): a spoofed one can only free the agent early, after
 * which our STUN still nominates with each consent request. Never takes the datagram.
 */
final class FirstAnswer implements HostPort.StunTap {

  private final HostPort port;
  private final InetSocketAddress peer;
  private final Runnable action;
  private final AtomicBoolean done = new AtomicBoolean();

  private FirstAnswer(HostPort port, InetSocketAddress peer, Runnable action) {
    this.port = port;
    this.peer = new InetSocketAddress(peer.getAddress(), peer.getPort());
    this.action = action;
  }

  /** Starts watching {@code port} for the first answer from {@code peer}; returns the watch. */
  static FirstAnswer watch(HostPort port, InetSocketAddress peer, Runnable action) {
    FirstAnswer watch = new FirstAnswer(port, peer, action);
    port.addTap(watch);
    return watch;
  }

  @Override
  public boolean take(byte[] data, int offset, int length, InetSocketAddress from) {
    if (isBindingSuccess(data, offset, length)
        && peer.equals(from)
        && done.compareAndSet(false, true)) {
      port.removeTap(this);
      action.run();
    }
    return false;
  }

  /** Stops watching without running the action; idempotent. */
  void stop() {
    done.set(true);
    port.removeTap(this);
  }

  static boolean isBindingSuccess(byte[] data, int offset, int length) {
    return io.peervoice.nat.internal.stun.StunCodec.typeOf(data, offset, length) == 0x0101;
  }
}
