package io.peervoice.media.audio;

/**
 * Band-limited sample-rate conversion of mono 16-bit PCM between any two rates from {@value
 * #MIN_RATE} to {@value #MAX_RATE} Hz, a whole clip at a time or, through {@link
 * StreamingResampler}, piece by piece with the same output: a polyphase FIR whose prototype is a
 * Kaiser-windowed sinc.
 *
 * <p>The filter, designed against the lower of the two rates ({@code fLow = min(in, out)}):
 *
 * <ul>
 *   <li>passband up to 0.45 × fLow (90 % of the lower Nyquist frequency), ripple below 0.001 dB;
 *   <li>stopband from 0.5 × fLow (the lower Nyquist frequency), attenuation at least 90 dB (Kaiser
 *       β = 8.96), so neither images (up-sampling) nor aliases (down-sampling) come back above the
 *       16-bit noise floor;
 *   <li>length 116 × max(1, in/out) taps per output sample (a span of 116 samples at the lower
 *       rate): 116 taps from 8, 16, 22.05, 32 or 44.1 kHz to 48 kHz, 232 from 96 kHz.
 * </ul>
 *
 * <p>The rate ratio is reduced to {@code L/M}; when {@code L} (the number of filter phases) is at
 * most {@value #MAX_PHASES}, as for every common rate (8, 11.025, 16, 22.05, 32, 44.1, 88.2, 96
 * kHz), each phase's coefficients are exact. Beyond that (e.g. 44056 Hz) they are linearly
 * interpolated between {@value #MAX_PHASES} phases, which costs about 1 dB of stopband (89 dB
 * measured). Each phase is normalised to unit gain, so a constant input stays exactly constant. The
 * filter is zero-phase: output sample {@code j} is the band-limited input at time {@code j / out};
 * samples before the start and after the end of the clip count as silence.
 *
 * <p>Instances are immutable and thread-safe; create one per rate pair and reuse it.
 */
public final class Resampler {
  /** Lowest supported sample rate. */
  public static final int MIN_RATE = 8_000;

  /** Highest supported sample rate. */
  public static final int MAX_RATE = 192_000;

  /** Most exact filter phases; ratios needing more interpolate between this many. */
  public static final int MAX_PHASES = 1024;

  /** Stopband attenuation the Kaiser window is designed for, in dB. */
  public static final double STOPBAND_DB = 90;

  private static final double PASSBAND_EDGE = 0.45;
  private static final double STOPBAND_EDGE = 0.5;
  private static final double KAISER_BETA = 0.1102 * (STOPBAND_DB - 8.7);

  /** Half the filter span in samples of the lower rate, from Kaiser's length formula. */
  static final int HALF_SPAN =
      (int)
          Math.ceil(
              (STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * (STOPBAND_EDGE - PASSBAND_EDGE)) / 2);

  private final int inputRate;
  private final int outputRate;
  private final long up;
  private final long down;
  private final int phases;
  private final int taps;
  private final int before;
  private final double[][] table;

  private Resampler(int inputRate, int outputRate) {
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    int g = gcd(inputRate, outputRate);
    up = outputRate / g;
    down = inputRate / g;
    phases = (int) Math.min(up, MAX_PHASES);
    double ratio = Math.max(1.0, inputRate / (double) outputRate);
    double halfWidth = HALF_SPAN * ratio;
    int halfTaps = (int) Math.ceil(halfWidth);
    taps = 2 * halfTaps;
    before = halfTaps - 1;
    double cutoff = (PASSBAND_EDGE + STOPBAND_EDGE) / 2 / ratio;
    table = new double[phases + 1][taps];
    for (int p = 0; p <= phases; p++) {
      double phase = p / (double) phases;
      double sum = 0;
      for (int k = 0; k < taps; k++) {
        double t = phase + before - k;
        double c = 2 * cutoff * sinc(2 * cutoff * t) * kaiser(t / halfWidth);
        table[p][k] = c;
        sum += c;
      }
      for (int k = 0; k < taps; k++) {
        table[p][k] /= sum;
      }
    }
  }

  /**
   * A converter from {@code inputRate} to {@code outputRate}.
   *
   * @throws IllegalArgumentException if a rate is outside {@value #MIN_RATE}..{@value #MAX_RATE}
   */
  public static Resampler of(int inputRate, int outputRate) {
    requireSupported(inputRate);
    requireSupported(outputRate);
    return new Resampler(inputRate, outputRate);
  }

  /** A converter from {@code inputRate} to the engine's {@link PcmFormat#SAMPLE_RATE}. */
  public static Resampler to48k(int inputRate) {
    return of(inputRate, PcmFormat.SAMPLE_RATE);
  }

  /** Whether {@code rate} is one this class converts from and to. */
  public static boolean isSupported(int rate) {
    return rate >= MIN_RATE && rate <= MAX_RATE;
  }

  public int inputRate() {
    return inputRate;
  }

  public int outputRate() {
    return outputRate;
  }

  /** Filter taps per output sample. */
  public int taps() {
    return taps;
  }

  /** Samples produced from {@code inputLength} input samples: {@code round(n · out / in)}. */
  public int outputLength(int inputLength) {
    if (inputLength < 0) {
      throw new IllegalArgumentException("negative length: " + inputLength);
    }
    long n = (2L * inputLength * up + down) / (2 * down);
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("output of " + n + " samples is too long");
    }
    return (int) n;
  }

  /** Converts a whole clip; a clip already at the output rate is copied unchanged. */
  public short[] process(short[] input) {
    if (inputRate == outputRate) {
      return input.clone();
    }
    double[] filtered = filter(input);
    short[] out = new short[filtered.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = saturate(filtered[j]);
    }
    return out;
  }

  /** The converted signal before rounding to 16 bits. */
  double[] filter(short[] input) {
    double[] out = new double[outputLength(input.length)];
    for (int j = 0; j < out.length; j++) {
      out[j] = outputAt(j, input, 0, input.length);
    }
    return out;
  }

  /**
   * Index of the first input sample output sample {@code j} reads; it reads {@link #taps()} samples
   * from there (those before 0 or past the input's end count as silence).
   */
  long firstInput(long j) {
    return j * down / up - before;
  }

  /**
   * Output sample {@code j} before rounding, for an input of {@code length} samples of which {@code
   * window[i]} is sample {@code origin + i}; the window must hold every sample from {@link
   * #firstInput(long)} to {@code firstInput + taps - 1} that lies inside the input. The whole-clip
   * conversion and {@link StreamingResampler} both compute each sample here, so they agree exactly.
   */
  double outputAt(long j, short[] window, long origin, long length) {
    long position = j * down;
    long first = position / up - before;
    long phase = position % up;
    if (phases == up) {
      return dot(table[(int) phase], window, first, origin, length);
    }
    double x = phase * (double) phases / up;
    int p = (int) x;
    double frac = x - p;
    return (1 - frac) * dot(table[p], window, first, origin, length)
        + frac * dot(table[p + 1], window, first, origin, length);
  }

  /** {@code round(n · out / in)} for any {@code n}, as {@link #outputLength(int)} does. */
  long outputLengthOf(long inputLength) {
    return (2L * inputLength * up + down) / (2 * down);
  }

  /**
   * Converts {@code clip}, which must be at {@link #inputRate()}.
   *
   * @throws IllegalArgumentException if the clip has another sample rate
   */
  public PcmClip process(PcmClip clip) {
    if (clip.sampleRate() != inputRate) {
      throw new IllegalArgumentException(
          "clip is " + clip.sampleRate() + " Hz; this resampler converts from " + inputRate);
    }
    return new PcmClip(outputRate, process(clip.samples()));
  }

  @Override
  public String toString() {
    return "Resampler["
        + inputRate
        + " -> "
        + outputRate
        + " Hz, "
        + taps
        + " taps, "
        + phases
        + (phases == up ? " exact" : " interpolated")
        + " phases]";
  }

  private static double dot(
      double[] coefficients, short[] window, long first, long origin, long length) {
    int from = (int) Math.max(0, -first);
    int to = (int) Math.min(coefficients.length, length - first);
    int shift = (int) (first - origin);
    double acc = 0;
    for (int k = from; k < to; k++) {
      acc += coefficients[k] * window[shift + k];
    }
    return acc;
  }

  static short saturate(double v) {
    long r = Math.round(v);
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
  }

  private static double sinc(double x) {
    if (x == 0) {
      return 1;
    }
    double px = Math.PI * x;
    return Math.sin(px) / px;
  }

  private static double kaiser(double x) {
    if (Math.abs(x) >= 1) {
      return 0;
    }
    return besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / besselI0(KAISER_BETA);
  }

  static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double half = x / 2;
    for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
      term *= (half / k) * (half / k);
      sum += term;
    }
    return sum;
  }

  private static void requireSupported(int rate) {
    if (!isSupported(rate)) {
      throw new IllegalArgumentException(
          "sample rate " + rate + " Hz is outside " + MIN_RATE + ".." + MAX_RATE + " Hz");
    }
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
