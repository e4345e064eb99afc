package io.peervoice.media.audio;

import java.time.Duration;

/** How many samples a generated source has left: a fixed count, or no limit. Not thread-safe. */
final class FrameBudget {
  private static final long ENDLESS = -1;

  private long remaining;

  private FrameBudget(long samples) {
    this.remaining = samples;
  }

  static FrameBudget endless() {
    return new FrameBudget(ENDLESS);
  }

  static FrameBudget samples(long samples) {
    if (samples <= 0) {
      throw new IllegalArgumentException("a source must last at least one sample: " + samples);
    }
    return new FrameBudget(samples);
  }

  static FrameBudget of(Duration duration) {
    return samples(samplesIn(duration));
  }

  /** Samples at 48 kHz in {@code duration}, rounded to the nearest. */
  static long samplesIn(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive: " + duration);
    }
    long whole = Math.multiplyExact(duration.getSeconds(), (long) PcmFormat.SAMPLE_RATE);
    return whole + Math.round(duration.getNano() * (PcmFormat.SAMPLE_RATE / 1e9));
  }

  /**
   * Takes up to {@code frameLength} samples.
   *
   * @return how many samples to generate now; 0 once the budget is spent
   */
  int take(int frameLength) {
    if (remaining == ENDLESS) {
      return frameLength;
    }
    int n = (int) Math.min(frameLength, remaining);
    remaining -= n;
    return n;
  }
}
