package io.peervoice.media.processing;

import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.SpeechSample;
import java.util.Random;

/** Seeded test signals at 48 kHz: speech, stationary noise, a room's echo path. */
final class Signals {
  static final int RATE = 48_000;
  static final int BLOCK = AudioProcessor.BLOCK_SAMPLES;

  private Signals() {}

  /**
   * Skips the test when {@code engine} cannot load here, except in CI, whose script installs what
   * both engines need (libpulse0, libspeexdsp1): there it fails, with the reason.
   */
  static void requireEngine(ProcessingEngine engine) {
    EngineAvailability a =
        AudioProcessors.engines().stream()
            .filter(e -> e.engine() == engine)
            .findFirst()
            .orElseThrow();
    if (System.getenv("CI") != null) {
      org.assertj.core.api.Assertions.assertThat(a.available()).as(a.detail()).isTrue();
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(a.available(), a.detail());
  }

  /** {@code seconds} of the bundled speech sample, looped, as doubles. */
  static double[] speech(double seconds) {
    PcmClip clip = SpeechSample.load().resampledTo48k();
    short[] s = clip.samples();
    double[] out = new double[(int) (seconds * RATE)];
    for (int i = 0; i < out.length; i++) {
      out[i] = s[i % s.length];
    }
    return out;
  }

  /** Pink-ish stationary noise (white through a one-pole low-pass), unit-free, seeded. */
  static double[] noise(int length, long seed) {
    Random random = new Random(seed);
    double[] out = new double[length];
    double lp = 0;
    for (int i = 0; i < length; i++) {
      lp = 0.8 * lp + 0.2 * random.nextGaussian();
      out[i] = lp;
    }
    return out;
  }

  /**
   * An echo path: {@code delayMs} of pure delay, then an exponentially decaying random tail of
   * {@code tailMs} (a small room), scaled to {@code gainDb} of energy.
   */
  static double[] echoPath(int delayMs, int tailMs, double gainDb, long seed) {
    Random random = new Random(seed);
    int delay = delayMs * RATE / 1000;
    int tail = tailMs * RATE / 1000;
    double[] h = new double[delay + tail];
    double energy = 0;
    for (int i = 0; i < tail; i++) {
      double v = random.nextGaussian() * Math.exp(-6.9 * i / tail);
      h[delay + i] = v;
      energy += v * v;
    }
    double scale = Math.pow(10, gainDb / 20) / Math.sqrt(energy);
    for (int i = delay; i < h.length; i++) {
      h[i] *= scale;
    }
    return h;
  }

  static double[] convolve(double[] x, double[] h) {
    double[] y = new double[x.length];
    int first = 0;
    while (first < h.length && h[first] == 0) {
      first++;
    }
    for (int k = first; k < h.length; k++) {
      double hk = h[k];
      for (int n = k; n < x.length; n++) {
        y[n] += hk * x[n - k];
      }
    }
    return y;
  }

  static double power(double[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += x[i] * x[i];
    }
    return sum / Math.max(1, to - from);
  }

  /** {@code a} plus {@code b} scaled so that a's power over b's is {@code snrDb}. */
  static double[] mix(double[] a, double[] b, double snrDb) {
    double scale =
        Math.sqrt(power(a, 0, a.length) / power(b, 0, b.length) / Math.pow(10, snrDb / 10));
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + scale * b[i];
    }
    return out;
  }

  static short[] block(double[] x, int index) {
    short[] b = new short[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      b[i] = clip(x[index * BLOCK + i]);
    }
    return b;
  }

  static short clip(double v) {
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
  }
}
