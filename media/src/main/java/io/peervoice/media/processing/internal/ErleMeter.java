package io.peervoice.media.processing.internal;

/**
 * Echo return loss enhancement as the echo canceller's input power over its output power, over the
 * blocks where the far end is active (its reference above -50 dBFS), exponentially weighted with a
 * time constant of about 0.5 s (a figure of now: with 2 s, the echo left in a call's first second,
 * before the canceller converges, outweighed the next seconds' for long). For engines that do not
 * report ERLE themselves.
 */
final class ErleMeter {
  private static final double FAR_ACTIVE_POWER = Math.pow(32768 * Math.pow(10, -50 / 20.0), 2);
  private static final double DECAY = 1 - 1 / 50.0;
  private static final int MIN_BLOCKS = 50;

  private double in;
  private double out;
  private int blocks;

  /** One block: the far end's mean power, and the canceller's input and output. */
  void add(double farPower, short[] input, short[] output) {
    if (!counts(farPower)) {
      return;
    }
    in = in * DECAY + power(input);
    out = out * DECAY + power(output);
    blocks++;
  }

  /** Whether a block with this far-end mean power counts ({@link #add} ignores the others). */
  static boolean counts(double farPower) {
    return farPower >= FAR_ACTIVE_POWER;
  }

  /** The figure in dB, or NaN before half a second of far-end activity. */
  double erleDb() {
    if (blocks < MIN_BLOCKS || in <= 0) {
      return Double.NaN;
    }
    return 10 * Math.log10(in / Math.max(out, 1e-3));
  }

  static double power(short[] block) {
    double sum = 0;
    for (short s : block) {
      sum += (double) s * s;
    }
    return sum / block.length;
  }
}
