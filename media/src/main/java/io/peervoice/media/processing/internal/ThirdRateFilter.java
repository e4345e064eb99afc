package io.peervoice.media.processing.internal;

/**
 * Changes 48 kHz to 16 kHz and back for the echo canceller's band: a linear-phase low-pass FIR
 * ({@value #TAPS} taps, Kaiser-windowed sinc, -6 dB at {@value #CUTOFF_HZ} Hz) run in polyphase
 * form, so every inner loop is a contiguous multiply-add the JIT vectorises. {@link Down} takes 480
 * samples to 160, {@link Up} 160 to 480 (gain 3, as the zeros it inserts take two thirds of the
 * energy). Each delays by {@value #HALF_DELAY} samples at 48 kHz, so down then up delays by {@code
 * 2 * HALF_DELAY}. State is per stream; nothing is allocated per call.
 */
final class ThirdRateFilter {
  static final int TAPS = 49;
  static final int HALF_DELAY = (TAPS - 1) / 2;
  static final double CUTOFF_HZ = 7_200;
  private static final double KAISER_BETA = 5;
  private static final int PHASES = 3;
  private static final int Q = (TAPS + PHASES - 1) / PHASES;
  private static final float[] H = design();

  private ThirdRateFilter() {}

  private static float[] design() {
    float[] h = new float[Q * PHASES];
    double fc = CUTOFF_HZ / 48_000;
    double center = HALF_DELAY;
    for (int j = 0; j < TAPS; j++) {
      double t = j - center;
      double sinc = t == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
      double r = t / center;
      h[j] = (float) (sinc * bessel0(KAISER_BETA * Math.sqrt(1 - r * r)) / bessel0(KAISER_BETA));
    }
    double sum = 0;
    for (float v : h) {
      sum += v;
    }
    for (int j = 0; j < h.length; j++) {
      h[j] /= (float) sum;
    }
    return h;
  }

  /** The {@value #TAPS} taps (a copy), for tests. */
  static float[] taps() {
    return java.util.Arrays.copyOf(H, TAPS);
  }

  private static double bessel0(double x) {
    double sum = 1;
    double term = 1;
    for (int k = 1; k < 30; k++) {
      term *= (x / (2 * k)) * (x / (2 * k));
      sum += term;
    }
    return sum;
  }

  /** 48 kHz to 16 kHz, in blocks of {@code 3 * out} samples. */
  static final class Down {
    private final int out;
    private final float[][] phase;
    private float previous1;
    private float previous2;

    Down(int outSamples) {
      this.out = outSamples;
      this.phase = new float[PHASES][Q - 1 + outSamples];
    }

    /** {@code in[0..3*out)} (16-bit scale) to {@code y[0..out)}. */
    void process(short[] in, float[] y) {
      for (float[] p : phase) {
        System.arraycopy(p, out, p, 0, Q - 1);
      }
      float[] p0 = phase[0];
      float[] p1 = phase[1];
      float[] p2 = phase[2];
      int base = Q - 1;
      p1[base] = previous1;
      p2[base] = previous2;
      for (int m = 0; m < out; m++) {
        p0[base + m] = in[3 * m];
        if (m + 1 < out) {
          p1[base + m + 1] = in[3 * m + 2];
          p2[base + m + 1] = in[3 * m + 1];
        }
      }
      previous1 = in[3 * out - 1];
      previous2 = in[3 * out - 2];
      // the centre tap, then each tap j < centre with its mirror TAPS - 1 - j (same coefficient):
      // x[3m - j] is phase[j % 3] at base - j / 3 + m
      float c0 = H[HALF_DELAY];
      float[] centre = phase[HALF_DELAY % PHASES];
      int centreAt = base - HALF_DELAY / PHASES;
      for (int m = 0; m < out; m++) {
        y[m] = c0 * centre[centreAt + m];
      }
      for (int j = 0; j < HALF_DELAY; j++) {
        int mirror = TAPS - 1 - j;
        foldedAdd(
            H[j],
            phase[j % PHASES],
            base - j / PHASES,
            phase[mirror % PHASES],
            base - mirror / PHASES,
            y,
            out);
      }
    }

    /** {@code y[m] += c * (a[ai + m] + b[bi + m])}: one symmetric pair of taps. */
    private static void foldedAdd(float c, float[] a, int ai, float[] b, int bi, float[] y, int n) {
      for (int m = 0; m < n; m++) {
        y[m] += c * (a[ai + m] + b[bi + m]);
      }
    }
  }

  /** 16 kHz to 48 kHz, in blocks of {@code in} samples. */
  static final class Up {
    private final int in;
    private final float[] history;
    private final float[][] phaseOut;

    Up(int inSamples) {
      this.in = inSamples;
      this.history = new float[Q - 1 + inSamples];
      this.phaseOut = new float[PHASES][inSamples];
    }

    /** {@code s[0..in)} to {@code z[0..3*in)}. */
    void process(float[] s, float[] z) {
      System.arraycopy(history, in, history, 0, Q - 1);
      System.arraycopy(s, 0, history, Q - 1, in);
      int base = Q - 1;
      // phase 0 holds taps 0, 3, ... 48, symmetric in themselves: folded in pairs around the centre
      float[] o0 = phaseOut[0];
      int centre = HALF_DELAY / PHASES;
      float c0 = PHASES * H[HALF_DELAY];
      for (int m = 0; m < in; m++) {
        o0[m] = c0 * history[base - centre + m];
      }
      for (int q = 0; q < centre; q++) {
        float c = PHASES * H[PHASES * q];
        int a = base - q;
        int b = base - (2 * centre - q);
        for (int m = 0; m < in; m++) {
          o0[m] += c * (history[a + m] + history[b + m]);
        }
      }
      // phases 1 and 2: their taps (below TAPS; the padding ones are zero)
      for (int r = 1; r < PHASES; r++) {
        float[] o = phaseOut[r];
        java.util.Arrays.fill(o, 0f);
        for (int q = 0; PHASES * q + r < TAPS; q++) {
          float c = PHASES * H[PHASES * q + r];
          int offset = base - q;
          for (int m = 0; m < in; m++) {
            o[m] += c * history[offset + m];
          }
        }
      }
      for (int m = 0; m < in; m++) {
        z[3 * m] = phaseOut[0][m];
        z[3 * m + 1] = phaseOut[1][m];
        z[3 * m + 2] = phaseOut[2][m];
      }
    }
  }
}
