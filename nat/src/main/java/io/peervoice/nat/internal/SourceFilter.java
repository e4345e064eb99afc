package io.peervoice.nat.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Admits datagrams only from the selected remote address of a media path (the peer's candidate; a
 * TURN relay's address when the peer's candidate is relayed, and the peer's address as reported by
 * our relay when ours is). Anything else is dropped before media processing and counted: a forged
 * packet from another address costs a comparison, never an SRTP key derivation or a MAC.
 */
final class SourceFilter {
  private final Set<InetSocketAddress> allowed;
  private final LongAdder dropped = new LongAdder();

  SourceFilter(Set<InetSocketAddress> allowed) {
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException("a media path needs a remote address");
    }
    this.allowed = Set.copyOf(allowed);
  }

  /** Admits one remote address (host and port, no transport or scope details). */
  static SourceFilter of(InetSocketAddress remote) {
    return new SourceFilter(Set.of(plain(remote)));
  }

  /** {@code true} when {@code from} is an allowed source; otherwise counts one drop. */
  boolean admits(SocketAddress from) {
    if (from instanceof InetSocketAddress address && allowed.contains(plain(address))) {
      return true;
    }
    dropped.increment();
    return false;
  }

  long dropped() {
    return dropped.sum();
  }

  Set<InetSocketAddress> allowed() {
    return allowed;
  }

  private static InetSocketAddress plain(InetSocketAddress a) {
    return a.getClass() == InetSocketAddress.class
        ? a
        : new InetSocketAddress(a.getAddress(), a.getPort());
  }
}
