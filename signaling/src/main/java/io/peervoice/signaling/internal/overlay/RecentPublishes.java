package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import java.util.Arrays;
import java.util.Map;

/**
 * The last record each peer published through this node, when, and on how many nodes it was stored,
 * so an identical PUBLISH within {@code windowMillis} is answered from memory instead of replicated
 * again. Bounded (least recent forgotten). Single-threaded.
 */
final class RecentPublishes {
  private record Entry(byte[] wire, long atMillis, int replicas) {}

  private final long windowMillis;
  private final Map<PeerId, Entry> entries;

  RecentPublishes(long windowMillis, int max) {
    this.windowMillis = windowMillis;
    this.entries = BoundedMaps.leastRecentlyUsed(max);
  }

  /** The replica count of an identical publish of {@code wire} within the window, or -1. */
  int repeated(PeerId peer, byte[] wire, long nowMillis) {
    Entry e = entries.get(peer);
    if (e == null || nowMillis - e.atMillis > windowMillis || !Arrays.equals(e.wire, wire)) {
      return -1;
    }
    return e.replicas;
  }

  /** Forgets the publishes older than the window (they would not be answered from memory). */
  void sweep(long nowMillis) {
    for (var it = entries.values().iterator(); it.hasNext(); ) {
      if (nowMillis - it.next().atMillis <= windowMillis) {
        return;
      }
      it.remove();
    }
  }

  void replicated(PeerId peer, byte[] wire, long nowMillis, int replicas) {
    entries.put(peer, new Entry(wire, nowMillis, replicas));
  }
}
