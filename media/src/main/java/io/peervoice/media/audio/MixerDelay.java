package io.peervoice.media.audio;

/**
 * The delay a conference mixer adds: for each frame it mixes, how long the frame waited between
 * arriving (a leg's playout, or the host's microphone) and being mixed into another leg's send
 * tick. Kept as a histogram of 1 ms bins up to 200 ms (longer waits count in the last bin). Not
 * thread-safe: the mixer's lock guards it.
 */
final class MixerDelay {
  private static final int BINS = 201;
  private final long[] bins = new long[BINS];
  private long count;
  private long sumNanos;
  private long maxNanos;

  void add(long nanos) {
    long n = Math.max(0, nanos);
    bins[(int) Math.min(BINS - 1, n / 1_000_000)]++;
    count++;
    sumNanos += n;
    maxNanos = Math.max(maxNanos, n);
  }

  long count() {
    return count;
  }

  double meanMillis() {
    return count == 0 ? 0 : sumNanos / 1e6 / count;
  }

  double maxMillis() {
    return maxNanos / 1e6;
  }

  /** The upper edge (ms) of the bin holding the {@code p}th percentile; 0 with no frames. */
  double percentileMillis(double p) {
    if (count == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(p / 100.0 * count);
    long seen = 0;
    for (int i = 0; i < BINS; i++) {
      seen += bins[i];
      if (seen >= rank) {
        return i + 1;
      }
    }
    return BINS;
  }
}
