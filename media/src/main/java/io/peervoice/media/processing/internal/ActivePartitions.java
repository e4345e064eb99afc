package io.peervoice.media.processing.internal;

/**
 * Which of a {@link PartitionedEchoFilter}'s partitions take part: those that hold the echo path,
 * plus a margin either side. Partitions before the echo's delay and after its tail hold nothing the
 * filter needs; leaving them out saves their convolution and adaptation, and, as the step is
 * normalised by the reference's power over the partitions that adapt, gives each remaining one a
 * larger share of the step (a shorter filter converges faster).
 *
 * <p>The partitions' energies are weighted per bin by the reference's power (coefficients of bins
 * the far end hardly excites are mostly misadjustment and count little). The window runs from
 * {@value #MARGIN_BEFORE} partitions before the first one within 20 dB of the strongest (the direct
 * path) to {@value #MARGIN_AFTER} partitions after the last one whose 3-partition average is within
 * 30 dB of it (the tail). It grows at once and shrinks by at most {@value #SHRINK} partitions per
 * fit at either end, so a tail still being learnt is not cut away. The margins adapt as any other
 * partition: when the path grows (a longer delay, a longer tail), energy shows in the margin and
 * the next window is wider. A path that jumps out of the window makes the filter lose its
 * convergence; {@link #reset} then opens all partitions again. Not thread-safe.
 */
final class ActivePartitions {
  static final float TAIL = 1e-3f; // -30 dB of the strongest partition
  static final float DIRECT = 1e-2f; // -20 dB
  static final int MARGIN_BEFORE = 2;
  static final int MARGIN_AFTER = 6;
  static final int SHRINK = 4; // at most this many partitions less per fit, at either end

  private final int partitions;
  private final float[] energy;
  private int from;
  private int to;

  ActivePartitions(int partitions) {
    this.partitions = partitions;
    this.energy = new float[partitions];
    reset();
  }

  /** All partitions active. */
  void reset() {
    from = 0;
    to = partitions;
  }

  /** The first active partition. */
  int from() {
    return from;
  }

  /** One past the last active partition. */
  int to() {
    return to;
  }

  int count() {
    return to - from;
  }

  boolean contains(int p) {
    return p >= from && p < to;
  }

  /**
   * Fits the window to the filter's energy per partition, each bin weighted by the reference's
   * power in it (coefficients of bins the far end hardly excites count little).
   *
   * @param re the filter's real parts, per partition and bin
   * @param im its imaginary parts
   * @param spectrum the reference's power per bin
   * @return whether the window changed
   */
  boolean fit(float[][] re, float[][] im, float[] spectrum) {
    for (int p = from; p < to; p++) {
      float e = 0;
      for (int k = 0; k < spectrum.length; k++) {
        e += (re[p][k] * re[p][k] + im[p][k] * im[p][k]) * spectrum[k];
      }
      energy[p] = e;
    }
    int peak = from;
    for (int p = from; p < to; p++) {
      if (energy[p] > energy[peak]) {
        peak = p;
      }
    }
    if (!(energy[peak] > 0)) {
      return false;
    }
    int first = from;
    while (energy[first] <= energy[peak] * DIRECT) {
      first++;
    }
    float limit = energy[peak] * TAIL;
    int last = peak;
    for (int p = peak + 1; p < to - 1; p++) {
      if ((energy[p - 1] + energy[p] + energy[p + 1]) / 3 > limit) {
        last = p;
      }
    }
    int newFrom = Math.max(0, first - MARGIN_BEFORE);
    int newTo = Math.min(partitions, last + 1 + MARGIN_AFTER);
    newTo = Math.max(newTo, to - SHRINK); // shrinks slowly: a tail still being learnt stays
    newFrom = Math.min(newFrom, from + SHRINK);
    boolean changed = newFrom != from || newTo != to;
    from = newFrom;
    to = newTo;
    return changed;
  }
}
