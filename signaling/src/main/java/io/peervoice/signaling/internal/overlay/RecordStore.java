package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Location records a node holds, as their wire bytes. Bounded by count, by bytes (each record costs
 * its wire length plus {@link #ENTRY_OVERHEAD}) and per origin {@link IpPrefix} (who stored it).
 * When full, the record expiring first is evicted to make room for one that expires later;
 * otherwise the new record is refused with the reason. Expired records are never served and are
 * swept.
 */
final class RecordStore {
  /** Heap an entry costs beyond its wire bytes (map entries, the holder, the expiry index). */
  static final int ENTRY_OVERHEAD = 160;

  /** The outcome of {@link #put}. */
  enum Put {
    STORED,
    /** The table is full of records expiring no earlier than this one. */
    FULL,
    /** The origin's prefix holds its quota of records. */
    QUOTA
  }

  private record Held(
      PeerId peer, byte[] wire, long sequence, long expiresMillis, IpPrefix origin) {
    long cost() {
      return wire.length + ENTRY_OVERHEAD;
    }
  }

  private static final Comparator<Held> BY_EXPIRY =
      Comparator.comparingLong(Held::expiresMillis)
          .thenComparing((a, b) -> Arrays.compareUnsigned(a.peer.bytes(), b.peer.bytes()));

  private final int maxCount;
  private final long maxBytes;
  private final int perOrigin;
  private final Runnable onEvicted;
  private final Map<PeerId, Held> records = new HashMap<>();
  private final TreeSet<Held> byExpiry = new TreeSet<>(BY_EXPIRY);
  private final PrefixCounts originCount = new PrefixCounts();
  private long bytes;

  RecordStore(int maxCount, long maxBytes, int perOrigin, Runnable onEvicted) {
    this.maxCount = maxCount;
    this.maxBytes = maxBytes;
    this.perOrigin = perOrigin;
    this.onEvicted = onEvicted;
  }

  RecordStore(int maxCount) {
    this(maxCount, Long.MAX_VALUE, Integer.MAX_VALUE, () -> {});
  }

  /** The sequence held for {@code peer}, or -1 (also if it expired). */
  long sequence(PeerId peer, long nowWallMillis) {
    Held h = records.get(peer);
    return h == null || h.expiresMillis <= nowWallMillis ? -1 : h.sequence;
  }

  /**
   * Stores an already checked record that {@code origin} sent (null: not counted against any
   * prefix), evicting the earliest-expiring records if that makes room.
   */
  Put put(PeerId peer, byte[] wire, long sequence, long expiresMillis, IpPrefix origin) {
    Held old = records.get(peer);
    Held fresh = new Held(peer, wire, sequence, expiresMillis, origin);
    if (origin != null
        && (old == null || !origin.equals(old.origin))
        && originCount.get(origin) >= perOrigin) {
      return Put.QUOTA;
    }
    long oldCost = old == null ? 0 : old.cost();
    int oldCount = old == null ? 0 : 1;
    while (records.size() - oldCount + 1 > maxCount || bytes - oldCost + fresh.cost() > maxBytes) {
      Held first = byExpiry.first();
      if (first == old) {
        first = byExpiry.higher(old);
      }
      if (first == null || first.expiresMillis >= expiresMillis) {
        return Put.FULL;
      }
      remove(first);
      onEvicted.run();
    }
    if (old != null) {
      remove(old);
    }
    records.put(peer, fresh);
    byExpiry.add(fresh);
    bytes += fresh.cost();
    if (origin != null) {
      originCount.increment(origin);
    }
    return Put.STORED;
  }

  /** Stores without an origin; false if there is no room. */
  boolean put(PeerId peer, byte[] wire, long sequence, long expiresMillis) {
    return put(peer, wire, sequence, expiresMillis, null) == Put.STORED;
  }

  private void remove(Held h) {
    records.remove(h.peer);
    byExpiry.remove(h);
    bytes -= h.cost();
    if (h.origin != null) {
      originCount.decrement(h.origin);
    }
  }

  /** The record's bytes if held and not expired. */
  byte[] get(PeerId peer, long nowWallMillis) {
    Held h = records.get(peer);
    return h == null || h.expiresMillis <= nowWallMillis ? null : h.wire;
  }

  int sweep(long nowWallMillis) {
    int removed = 0;
    while (!byExpiry.isEmpty() && byExpiry.first().expiresMillis <= nowWallMillis) {
      remove(byExpiry.first());
      removed++;
    }
    return removed;
  }

  int size() {
    return records.size();
  }

  /** Bytes held, as counted against the byte bound. */
  long bytes() {
    return bytes;
  }
}
