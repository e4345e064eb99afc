package io.peervoice.nat.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Admits datagrams only from the selected remote address of a media path (the peer's candidate; a
 * TURN relay's address when the peer's candidate is relayed, and the peer's address as reported by
 * our relay when ours is). Anything else is dropped before media processing and counted: a forged
 * packet from another address costs a comparison, never an SRTP key derivation or a MAC. What it
 * admits is timed for stalls ({@link ArrivalGaps}).
 */
final class SourceFilter {
  private final Set<InetSocketAddress> allowed;
  private final LongAdder dropped = new LongAdder();
  private final ArrivalGaps gaps;

  SourceFilter(Set<InetSocketAddress> allowed) {
    this(allowed, System::nanoTime);
  }

  /**
   * @param nanos the clock that times the gaps between admitted datagrams (stalls)
   */
  SourceFilter(Set<InetSocketAddress> allowed, java.util.function.LongSupplier nanos) {
    this.gaps = new ArrivalGaps(nanos);
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
      gaps.arrived();
      return true;
    }
    dropped.increment();
    return false;
  }

  /** Gaps in what was admitted over {@link io.peervoice.nat.PathStalls#THRESHOLD_MILLIS}. */
  io.peervoice.nat.PathStalls stalls() {
    return gaps.snapshot();
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
