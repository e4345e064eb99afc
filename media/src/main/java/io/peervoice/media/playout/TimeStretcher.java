package io.peervoice.media.playout;

/**
 * Changes the duration of decoded speech without changing its pitch, by removing or repeating one
 * pitch period (the overlap-add idea of WSOLA, applied as libwebrtc NetEQ's accelerate and
 * preemptive expand do). The period is the lag in 2.5–10 ms with the highest normalized correlation
 * between the first period and the next; the junction is cross-faded over one period. Voiced frames
 * below a correlation threshold are left alone (stretching them would be audible); quiet frames are
 * stretched by 10 ms freely. Stateless and thread-safe.
 */
public final class TimeStretcher {
  private final int minLag;
  private final int maxLag;
  private final double minCorrelation;
  private final double quietRms;

  /**
   * @param sampleRate samples per second
   * @param minCorrelation normalized correlation a voiced frame needs to be stretched, e.g. 0.8
   */
  public TimeStretcher(int sampleRate, double minCorrelation) {
    this.minLag = sampleRate / 400;
    this.maxLag = sampleRate / 100;
    this.minCorrelation = minCorrelation;
    this.quietRms = 100;
  }

  /** Shortens {@code frame} by one pitch period when it can be done inaudibly, else returns it. */
  public short[] accelerate(short[] frame) {
    return accelerate(frame, maxLag);
  }

  /**
   * Shortens {@code frame} by one pitch period of at most {@code maxRemoved} samples when it can be
   * done inaudibly, else returns it.
   */
  public short[] accelerate(short[] frame, int maxRemoved) {
    int lag = lag(frame, Math.min(maxLag, maxRemoved));
    if (lag == 0) {
      return frame;
    }
    short[] out = new short[frame.length - lag];
    crossfade(frame, 0, frame, lag, out, 0, lag);
    System.arraycopy(frame, 2 * lag, out, lag, frame.length - 2 * lag);
    return out;
  }

  /** Lengthens {@code frame} by one pitch period when it can be done inaudibly, else returns it. */
  public short[] decelerate(short[] frame) {
    int lag = lag(frame, maxLag);
    if (lag == 0) {
      return frame;
    }
    short[] out = new short[frame.length + lag];
    System.arraycopy(frame, 0, out, 0, lag);
    crossfade(frame, lag, frame, 0, out, lag, lag);
    System.arraycopy(frame, lag, out, 2 * lag, frame.length - lag);
    return out;
  }

  /** The pitch period to remove or repeat, or 0 if the frame should not be stretched. */
  int lag(short[] frame, int longest) {
    if (frame.length < 2 * maxLag || longest < minLag) {
      return 0;
    }
    if (rms(frame) < quietRms) {
      return longest;
    }
    int bestLag = 0;
    double best = minCorrelation;
    for (int lag = minLag; lag <= longest; lag++) {
      double c = correlation(frame, lag);
      if (c > best) {
        best = c;
        bestLag = lag;
      }
    }
    return bestLag;
  }

  private static double correlation(short[] x, int lag) {
    double xy = 0;
    double xx = 0;
    double yy = 0;
    for (int i = 0; i < lag; i++) {
      double a = x[i];
      double b = x[i + lag];
      xy += a * b;
      xx += a * a;
      yy += b * b;
    }
    return xx == 0 || yy == 0 ? 0 : xy / Math.sqrt(xx * yy);
  }

  private static double rms(short[] x) {
    double sum = 0;
    for (short v : x) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum / x.length);
  }

  /** Writes {@code n} samples fading from {@code a[aOff..]} to {@code b[bOff..]}. */
  private static void crossfade(
      short[] a, int aOff, short[] b, int bOff, short[] out, int off, int n) {
    for (int i = 0; i < n; i++) {
      double w = (i + 0.5) / n;
      out[off + i] = (short) Math.round(a[aOff + i] * (1 - w) + b[bOff + i] * w);
    }
  }
}
