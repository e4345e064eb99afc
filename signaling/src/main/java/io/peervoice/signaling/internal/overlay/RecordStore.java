package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Location records a node holds, as their wire bytes (compact: about 400 bytes each with the map
 * entry). Bounded: when full, a record for a new peer is refused. Expired records are never served
 * and are swept.
 */
final class RecordStore {
  private record Held(byte[] wire, long sequence, long expiresMillis) {}

  private final int max;
  private final Map<PeerId, Held> records = new HashMap<>();

  RecordStore(int max) {
    this.max = max;
  }

  /** The sequence held for {@code peer}, or -1 (also if it expired). */
  long sequence(PeerId peer, long nowWallMillis) {
    Held h = records.get(peer);
    return h == null || h.expiresMillis <= nowWallMillis ? -1 : h.sequence;
  }

  /** Stores an already checked record; false if the table is full. */
  boolean put(PeerId peer, byte[] wire, long sequence, long expiresMillis) {
    if (!records.containsKey(peer) && records.size() >= max) {
      return false;
    }
    records.put(peer, new Held(wire, sequence, expiresMillis));
    return true;
  }

  /** The record's bytes if held and not expired. */
  byte[] get(PeerId peer, long nowWallMillis) {
    Held h = records.get(peer);
    return h == null || h.expiresMillis <= nowWallMillis ? null : h.wire;
  }

  int sweep(long nowWallMillis) {
    int removed = 0;
    for (Iterator<Held> it = records.values().iterator(); it.hasNext(); ) {
      if (it.next().expiresMillis <= nowWallMillis) {
        it.remove();
        removed++;
      }
    }
    return removed;
  }

  int size() {
    return records.size();
  }
}
