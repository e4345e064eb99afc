package io.peervoice.nat.internal;

import io.peervoice.nat.PathStalls;
import java.util.function.LongSupplier;

/**
 * Times the gaps between datagrams admitted on a media path and counts those over {@link
 * PathStalls#THRESHOLD_MILLIS} as stalls. Arrivals come from the path's receive thread or loop,
 * snapshots from any thread.
 */
final class ArrivalGaps {
  private static final long THRESHOLD_NANOS = PathStalls.THRESHOLD_MILLIS * 1_000_000;

  private final LongSupplier nanos;
  private long lastNanos = Long.MIN_VALUE;
  private long count;
  private long maxNanos;
  private long totalNanos;

  /**
   * @param nanos the monotonic clock ({@code System::nanoTime})
   */
  ArrivalGaps(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** A datagram arrived now. */
  synchronized void arrived() {
    long now = nanos.getAsLong();
    if (lastNanos != Long.MIN_VALUE) {
      long gap = now - lastNanos;
      if (gap > THRESHOLD_NANOS) {
        count++;
        totalNanos += gap;
        maxNanos = Math.max(maxNanos, gap);
      }
    }
    lastNanos = now;
  }

  synchronized PathStalls snapshot() {
    return new PathStalls(count, maxNanos / 1_000_000, totalNanos / 1_000_000);
  }
}
