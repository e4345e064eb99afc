package io.peervoice.signaling.internal.overlay;

import java.util.concurrent.atomic.AtomicLongArray;

/** What a node counts; written on the logic thread, readable from any (metrics). */
public final class NodeCounters {
  /** Counted events; names become metric names. */
  public enum Event {
    RECEIVED,
    MALFORMED,
    RATE_LIMITED,
    STUN_BINDING,
    PING,
    FIND_NODE,
    FIND_RECORD,
    STORE,
    STORE_REJECTED,
    ATTACH,
    ATTACH_REJECTED,
    PUBLISH,
    LOOKUP,
    ROUTED,
    DELIVERED,
    DELIVERY_FAILED,
    OVERLOADED,
    UNSOLICITED,
    NODE_VERIFIED,
    NODE_EVICTED,
    /** A node id without the required work ({@code NodeSettings.nodeIdWork}) was refused. */
    NODE_ID_REFUSED,
    /** A proven node was refused: its bucket holds {@code maxPerSubnet} of its subnet already. */
    SUBNET_FULL
  }

  private final AtomicLongArray counts = new AtomicLongArray(Event.values().length);

  void add(Event e) {
    counts.incrementAndGet(e.ordinal());
  }

  public long get(Event e) {
    return counts.get(e.ordinal());
  }
}
