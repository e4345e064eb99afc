package io.peervoice.media.audio;

/** Test signals and measurements: sines, RMS, Goertzel amplitude, zero crossings. */
final class Signals {
  private Signals() {}

  /** {@code seconds} of a sine of peak {@code amplitude} at {@code rate}, starting at phase 0. */
  static short[] sine(double frequency, double amplitude, int rate, double seconds) {
    short[] s = new short[(int) Math.round(seconds * rate)];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * i / rate));
    }
    return s;
  }

  static double rms(short[] s, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) s[i] * s[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  /** Peak amplitude of the component at {@code frequency} (Goertzel over a Hann window). */
  static double amplitudeAt(short[] s, int from, int to, double frequency, int rate) {
    int n = to - from;
    double w = 2 * Math.PI * frequency / rate;
    double re = 0;
    double im = 0;
    double windowSum = 0;
    for (int i = 0; i < n; i++) {
      double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
      double v = s[from + i] * hann;
      re += v * Math.cos(w * i);
      im -= v * Math.sin(w * i);
      windowSum += hann;
    }
    return 2 * Math.hypot(re, im) / windowSum;
  }

  /** Sign changes between consecutive samples (a zero sample keeps the previous sign). */
  static int zeroCrossings(short[] s, int from, int to) {
    int count = 0;
    int sign = Integer.signum(s[from]);
    for (int i = from + 1; i < to; i++) {
      int now = Integer.signum(s[i]);
      if (now != 0 && sign != 0 && now != sign) {
        count++;
      }
      if (now != 0) {
        sign = now;
      }
    }
    return count;
  }

  static double db(double ratio) {
    return 20 * Math.log10(ratio);
  }
}
