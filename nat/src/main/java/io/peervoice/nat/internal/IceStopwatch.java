package io.peervoice.nat.internal;

import io.peervoice.nat.IceTimings;

/**
 * The moments of one ICE session, by {@link System#nanoTime()}: checks started, first valid pair,
 * trickle done; turned into {@link IceTimings} once the path is ready.
 */
final class IceStopwatch {
  private volatile long checksStartedNanos;
  private volatile long trickleMillis = -1;
  private volatile long firstValidNanos = -1;

  void checksStarted() {
    checksStartedNanos = System.nanoTime();
  }

  /** ice4j's pair event: a validated pair counts ({@link #pairValidated()}). */
  void onPairChange(java.beans.PropertyChangeEvent event) {
    if (org.ice4j.ice.IceMediaStream.PROPERTY_PAIR_VALIDATED.equals(event.getPropertyName())) {
      pairValidated();
    }
  }

  /** The first pair validated (only the first counts). */
  void pairValidated() {
    if (firstValidNanos < 0) {
      firstValidNanos = System.nanoTime();
    }
  }

  void trickleDone(long millis) {
    trickleMillis = millis;
  }

  /** Nanoseconds since the checks started. */
  long sinceChecksNanos() {
    return System.nanoTime() - checksStartedNanos;
  }

  IceTimings timings(long hostGatheringMillis, long connectNanos, long readyNanos) {
    return new IceTimings(
        hostGatheringMillis,
        trickleMillis,
        firstValidNanos < 0 ? -1 : Math.max(0, firstValidNanos - checksStartedNanos) / 1_000_000,
        connectNanos / 1_000_000,
        readyNanos / 1_000_000);
  }
}
