package io.peervoice.nat.internal.turn;

import java.time.Duration;
import java.util.Optional;

/**
 * Round trips between a TURN client and its server, from each request (Allocate, Refresh,
 * CreatePermission, ChannelBind; RFC 8656 §7-12) to its response, smoothed as TCP smooths its RTT
 * (RFC 6298 §2: 7/8 of the old estimate and 1/8 of the new sample), with the smallest seen. Over a
 * stream, the time includes the server's work and any queueing on the connection: the delay the
 * detour through the relay adds to each direction of media is about half of it. Confined to the
 * client's lock.
 */
final class TurnRoundTrips {
  private long samples;
  private long smoothedNanos;
  private long minNanos = Long.MAX_VALUE;
  private long lastNanos;

  void sample(long nanos) {
    if (nanos < 0) {
      return;
    }
    lastNanos = nanos;
    minNanos = Math.min(minNanos, nanos);
    smoothedNanos = samples == 0 ? nanos : smoothedNanos + (nanos - smoothedNanos) / 8;
    samples++;
  }

  /** The smoothed round trip, or empty before the first response. */
  Optional<Duration> smoothed() {
    return samples == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(smoothedNanos));
  }

  /** The smallest round trip seen, or empty. */
  Optional<Duration> min() {
    return samples == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(minNanos));
  }

  /** The last round trip, or empty. */
  Optional<Duration> last() {
    return samples == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(lastNanos));
  }

  long samples() {
    return samples;
  }
}
