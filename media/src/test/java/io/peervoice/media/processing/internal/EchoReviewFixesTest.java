package io.peervoice.media.processing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The S5 review findings on peervoice-aec, each a scene that failed before its fix. */
class EchoReviewFixesTest {
  private static final int RATE = 48_000;
  private static final int BLOCK = AudioProcessor.BLOCK_SAMPLES;
  private static final int N = PartitionedEchoFilter.N;

  /** Speech-like: seeded noise, low-passed, under a syllable envelope (4 Hz, with pauses). */
  private static double[] talker(int length, long seed, double level, double rate) {
    Random random = new Random(seed);
    double[] out = new double[length];
    double lp = 0;
    double phase = random.nextDouble() * Math.PI;
    for (int i = 0; i < length; i++) {
      lp = 0.7 * lp + 0.3 * random.nextGaussian();
      double envelope = Math.max(0, Math.sin(phase + 2 * Math.PI * 4 * i / rate));
      out[i] = level * lp * (0.2 + envelope);
    }
    return out;
  }

  private static short clip(double v) {
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
  }

  /** Runs the stage on far/mic (48 kHz) and gives its output. */
  private static short[] run(LongTailProcessor p, double[] far, double[] mic) {
    short[] out = new short[mic.length];
    short[] f = new short[BLOCK];
    short[] m = new short[BLOCK];
    for (int b = 0; b < mic.length / BLOCK; b++) {
      for (int i = 0; i < BLOCK; i++) {
        f[i] = clip(far[b * BLOCK + i]);
        m[i] = clip(mic[b * BLOCK + i]);
      }
      p.render(f);
      p.capture(m);
      System.arraycopy(m, 0, out, b * BLOCK, BLOCK);
    }
    return out;
  }

  /** Output power over input power in dB, from/to in seconds, the output taken latency late. */
  private static double levelDb(short[] out, double[] in, double from, double to) {
    int latency = LongTailProcessor.LATENCY_48K;
    double a = 0;
    double b = 0;
    for (int i = (int) (from * RATE); i < (int) (to * RATE); i++) {
      a += (double) out[i + latency] * out[i + latency];
      b += in[i] * in[i];
    }
    return 10 * Math.log10(a / b);
  }

  /**
   * Far end talking, the microphone hears the near end only (a headset): no echo to learn. The near
   * end keeps its level within 3 dB after the first 2 s and from 0.5 s on (before the fix the
   * start-up floor muted it, -50 dB, for the whole call).
   */
  @Test
  void nearEndIsNotMutedWhenThereIsNoEcho() {
    int length = 6 * RATE;
    double[] far = talker(length, 1, 6_000, RATE);
    double[] near = talker(length, 2, 3_000, RATE);
    short[] out;
    try (LongTailProcessor p =
        new LongTailProcessor(AudioProcessing.off().withEchoCancellation(true))) {
      out = run(p, far, near);
    }
    assertThat(levelDb(out, near, 2, 5.9)).as("after 2 s").isBetween(-3.0, 3.0);
    assertThat(levelDb(out, near, 0.5, 2)).as("0.5 s - 2 s").isBetween(-3.0, 3.0);
  }

  /**
   * The echo path moves by 480 samples at 48 kHz (160 at the filter's 16 kHz: a 10 ms frame slip)
   * at 6 s, after the canceller has converged: the stage's output is 20 dB and more below the
   * microphone again over 7-7.5 s (before the fix the double-talk step, latched, and the leakage
   * learnt on the old path left it at about -2 dB: the echo louder than the microphone).
   */
  @Test
  void relearnsAChangedEchoPath() {
    int length = (int) (7.5 * RATE);
    double[] far = talker(length, 7, 6_000, RATE);
    Random random = new Random(8);
    double[] taps = new double[1_600];
    for (int t = 0; t < taps.length; t++) {
      taps[t] = 0.05 * Math.exp(-t / 400.0) * random.nextGaussian();
    }
    double[] mic = new double[length];
    for (int i = 0; i < length; i++) {
      int delay = i < 6 * RATE ? 2_400 : 2_880;
      double v = 0;
      for (int t = 0; t < taps.length && i - delay - t >= 0; t++) {
        v += far[i - delay - t] * taps[t];
      }
      mic[i] = v;
    }
    try (LongTailProcessor p =
        new LongTailProcessor(AudioProcessing.defaults().withGainControl(false))) {
      short[] out = run(p, far, mic);
      assertThat(-levelDb(out, mic, 5, 5.9)).as("before the change").isGreaterThan(30);
      assertThat(-levelDb(out, mic, 7, 7.45)).as("7-7.5 s").isGreaterThanOrEqualTo(20);
      assertThat(p.echoFilter().unlatches()).as("convergence lost").isPositive();
    }
  }

  /**
   * Two seconds of a call, then 10 s of a silent far end and an all-zero microphone: no recursive
   * state is left denormal (each is 0 or at least {@link Float#MIN_NORMAL}); before the fix the
   * decays ended on the smallest denormals and stayed there.
   */
  @Test
  void silenceLeavesNoDenormals() {
    int length = 12 * RATE;
    double[] far = talker(2 * RATE, 4, 6_000, RATE);
    double[] near = talker(2 * RATE, 5, 3_000, RATE);
    double[] farAll = new double[length];
    double[] micAll = new double[length];
    for (int i = 0; i < far.length; i++) {
      farAll[i] = far[i];
      micAll[i] = near[i] + 0.3 * (i >= 480 ? far[i - 480] : 0);
    }
    try (LongTailProcessor p = new LongTailProcessor(AudioProcessing.defaults())) {
      run(p, farAll, micAll);
      for (float[] state : p.residualSuppressor().state()) {
        assertNormalOrZero(state);
      }
      assertNormalOrZero(p.echoFilter().smoothedState());
      for (double v : p.highPassFilter().state()) {
        assertThat(v == 0 || Math.abs(v) >= Float.MIN_NORMAL).as("high-pass %s", v).isTrue();
      }
    }
  }

  private static void assertNormalOrZero(float[] state) {
    for (float v : state) {
      assertThat(v == 0 || Math.abs(v) >= Float.MIN_NORMAL).as("state value %s", v).isTrue();
    }
  }

  /**
   * The stage's reported ERLE is the canceller's: far end alone for 5 s, then 3 s of far end with a
   * near end louder than the echo in bursts of 250 ms (double talk), gain control on (it lifts the
   * near end). The figure stays within 3 dB of the ERLE measured over the single talk on the same
   * scene without gain control, the output aligned with the microphone by the stage's latency
   * (before the fix it took the double talk, lifted, and the output unaligned: about 0 dB).
   */
  @Test
  void reportedErleIsTheCancellers() {
    int length = 8 * RATE;
    double[] far = talker(length, 6, 4_000, RATE);
    double[] near = talker(length, 9, 4_000, RATE);
    double[] mic = new double[length];
    int delay = 60 * RATE / 1000;
    for (int i = delay + 40; i < length; i++) {
      mic[i] =
          0.25 * far[i - delay]
              + 0.1 * far[i - delay - 40]
              + (i >= 5 * RATE && Math.sin(2 * Math.PI * 2 * i / RATE) > 0 ? near[i] : 0);
    }
    double measured;
    try (LongTailProcessor p =
        new LongTailProcessor(AudioProcessing.off().withEchoCancellation(true))) {
      measured = -levelDb(run(p, far, mic), mic, 2, 4.9);
    }
    double reported;
    try (LongTailProcessor p =
        new LongTailProcessor(
            AudioProcessing.off().withEchoCancellation(true).withGainControl(true))) {
      run(p, far, mic);
      reported = p.stats().erleDb();
    }
    assertThat(reported)
        .as("reported vs measured %s", measured)
        .isBetween(measured - 3, measured + 3);
  }

  /**
   * Three seconds of a quiet tone in bursts (speech to the gain control: it lifts it by several
   * dB), then a loud one the gain would clip: between two consecutive samples the gain (output over
   * input) never changes by more than 2% (before the fix the loud block was scaled as a whole: a
   * step of about 40% at its edge). Samples clamped at full scale are left out.
   */
  @Test
  void limiterHasNoGainSteps() {
    DigitalGainControl agc = new DigitalGainControl();
    float[] x = new float[BLOCK];
    double previousGain = Double.NaN;
    double worst = 0;
    for (int b = 0; b < 320; b++) {
      double amplitude = b >= 301 ? 20_000 : b % 25 < 15 ? 1_000 : 3;
      for (int i = 0; i < BLOCK; i++) {
        x[i] = (float) (amplitude * Math.sin(2 * Math.PI * 430.7 * (b * BLOCK + i) / RATE));
      }
      float[] in = x.clone();
      agc.process(x, BLOCK);
      for (int i = 0; i < BLOCK; i++) {
        boolean measured = Math.abs(in[i]) > 300 && Math.abs(x[i]) < 31_999;
        double g = measured ? x[i] / in[i] : Double.NaN;
        if (measured && !Double.isNaN(previousGain)) {
          worst = Math.max(worst, Math.abs(g - previousGain) / previousGain);
        }
        previousGain = g;
      }
    }
    assertThat(worst).as("largest relative gain step between samples").isLessThan(0.02);
  }
}
