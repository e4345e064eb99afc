package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import java.util.Map;

/**
 * Which nodes stopped answering. One timeout is forgiven (1% loss each way fails 2% of requests); a
 * second in a row marks the node failed, and a failed node is kept out of lookups for {@link
 * #FAILED_MEMORY_MILLIS}. Both tables are bounded (oldest forgotten). Single-threaded.
 */
final class NodeStrikes {
  static final long FAILED_MEMORY_MILLIS = 60_000;
  private static final int MAX = 4_096;

  private final Map<PeerId, Integer> strikes = BoundedMaps.oldestInserted(MAX);
  private final Map<PeerId, Long> failedUntil = BoundedMaps.oldestInserted(MAX);

  /** The node answered: its strikes are forgiven. */
  void answered(PeerId id) {
    strikes.remove(id);
  }

  /** The node proved its id again: it is no longer failed. */
  void proven(PeerId id) {
    failedUntil.remove(id);
  }

  /** A request timed out; true if that was the second in a row (the node is now failed). */
  boolean timedOut(PeerId id, long nowMillis) {
    if (strikes.merge(id, 1, Integer::sum) < 2) {
      return false;
    }
    strikes.remove(id);
    failedUntil.put(id, nowMillis + FAILED_MEMORY_MILLIS);
    return true;
  }

  boolean recentlyFailed(PeerId id, long nowMillis) {
    Long until = failedUntil.get(id);
    if (until == null) {
      return false;
    }
    if (until <= nowMillis) {
      failedUntil.remove(id);
      return false;
    }
    return true;
  }
}
