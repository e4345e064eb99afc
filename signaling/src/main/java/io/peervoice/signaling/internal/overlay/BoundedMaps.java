package io.peervoice.signaling.internal.overlay;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps that forget their eldest entry once they hold more than a bound: every table the overlay
 * keeps for others is bounded ({@code docs/protocol.md}, "What a node can see and what it bounds").
 * Not thread-safe, like the overlay logic that uses them.
 */
final class BoundedMaps {
  private BoundedMaps() {}

  /** Forgets the least recently used entry (read or written) beyond {@code max}. */
  static <K, V> Map<K, V> leastRecentlyUsed(int max) {
    return bounded(max, true);
  }

  /** Forgets the earliest inserted entry beyond {@code max}. */
  static <K, V> Map<K, V> oldestInserted(int max) {
    return bounded(max, false);
  }

  private static <K, V> Map<K, V> bounded(int max, boolean accessOrder) {
    return new LinkedHashMap<>(16, 0.75f, accessOrder) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
      }
    };
  }
}
