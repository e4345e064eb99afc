package io.peervoice.media.processing.internal;

/**
 * A second-order Butterworth high-pass filter (biquad, direct form I) at 80 Hz for 48 kHz audio:
 * removes DC and rumble below the voice band. For engines without a high-pass filter of their own
 * (at 48 kHz on 16-bit blocks, or at any rate on float blocks).
 */
final class HighPassFilter {
  private static final double CUTOFF_HZ = 80;

  private final double b0;
  private final double b1;
  private final double b2;
  private final double a1;
  private final double a2;
  private double x1;
  private double x2;
  private double y1;
  private double y2;

  HighPassFilter() {
    this(48_000);
  }

  HighPassFilter(double rate) {
    double w0 = 2 * Math.PI * CUTOFF_HZ / rate;
    double alpha = Math.sin(w0) / (2 * Math.sqrt(0.5));
    double cos = Math.cos(w0);
    double a0 = 1 + alpha;
    b0 = (1 + cos) / 2 / a0;
    b1 = -(1 + cos) / a0;
    b2 = (1 + cos) / 2 / a0;
    a1 = -2 * cos / a0;
    a2 = (1 - alpha) / a0;
  }

  void filter(short[] block) {
    for (int i = 0; i < block.length; i++) {
      double x = block[i];
      double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      block[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(y)));
    }
    flush();
  }

  void filter(float[] block, int n) {
    for (int i = 0; i < n; i++) {
      double x = block[i];
      double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      block[i] = (float) y;
    }
    flush();
  }

  /** A silent input decays the state towards denormals: below the smallest normal float, zero. */
  private void flush() {
    if (Math.abs(y1) < Float.MIN_NORMAL && Math.abs(y2) < Float.MIN_NORMAL) {
      y1 = 0;
      y2 = 0;
    }
  }

  /** The recursive state, for tests. */
  double[] state() {
    return new double[] {x1, x2, y1, y2};
  }
}
