package io.peervoice.media.processing.internal;

import java.util.Random;

/**
 * A seeded far end (speech-like noise: low-passed, with a 4 Hz syllable envelope) and a room's echo
 * of it (a 200-sample-decay random impulse response of 1,600 taps) at 48 kHz, for the tests that
 * drive the canceller with a known echo path ({@link StaleReferenceTest}, {@link
 * EchoPathJumpTest}).
 */
final class EchoScene {
  static final int RATE = 48_000;

  final double[] far;
  final double[] taps = new double[1_600];

  /** {@code seconds} of far end, seeded by {@code seed}; the taps come from the same seed. */
  EchoScene(int seconds, long seed) {
    Random random = new Random(seed);
    far = new double[seconds * RATE];
    double lp = 0;
    for (int i = 0; i < far.length; i++) {
      lp = 0.7 * lp + 0.3 * random.nextGaussian();
      far[i] = 6_000 * lp * (0.2 + Math.max(0, Math.sin(2 * Math.PI * 4 * i / RATE)));
    }
    for (int t = 0; t < taps.length; t++) {
      taps[t] = 0.3 * Math.exp(-t / 200.0) * random.nextGaussian();
    }
  }

  /** The far end's sample {@code at}, rounded to 16 bits. */
  short farAt(int at) {
    return (short) Math.round(far[at]);
  }

  /** The microphone's sample {@code at}: the echo through the taps, {@code delay} samples late. */
  short echo(int at, int delay) {
    double v = 0;
    for (int t = 0; t < taps.length && at - delay - t >= 0; t++) {
      v += far[at - delay - t] * taps[t];
    }
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
  }

  /** The energy of a block. */
  static double energy(short[] block) {
    double e = 0;
    for (short s : block) {
      e += (double) s * s;
    }
    return e;
  }
}
