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
  /** Decimation of the coarse lag search: 48 kHz to 12 kHz. */
  private static final int DECIMATION = 4;

  /** Coarse lags refined at the full rate. */
  private static final int CANDIDATES = 3;

  /** Work arrays of the lag search, one set per thread (the stretcher stays stateless). */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

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
    shorten(frame, lag, out);
    return out;
  }

  /** Lengthens {@code frame} by one pitch period when it can be done inaudibly, else returns it. */
  public short[] decelerate(short[] frame) {
    int lag = lag(frame, maxLag);
    if (lag == 0) {
      return frame;
    }
    short[] out = new short[frame.length + lag];
    lengthen(frame, lag, out);
    return out;
  }

  /**
   * Writes into {@code out} what {@link #accelerate(short[], int)} returns, allocating nothing.
   *
   * @param out room for at least {@code frame.length} samples
   * @return the samples written
   */
  public int accelerateInto(short[] frame, int maxRemoved, short[] out) {
    int lag = lag(frame, Math.min(maxLag, maxRemoved));
    if (lag == 0) {
      System.arraycopy(frame, 0, out, 0, frame.length);
      return frame.length;
    }
    shorten(frame, lag, out);
    return frame.length - lag;
  }

  /**
   * Writes into {@code out} what {@link #decelerate(short[])} returns, allocating nothing.
   *
   * @param out room for at least {@link #maxGrowth()} samples more than {@code frame.length}
   * @return the samples written
   */
  public int decelerateInto(short[] frame, short[] out) {
    int lag = lag(frame, maxLag);
    if (lag == 0) {
      System.arraycopy(frame, 0, out, 0, frame.length);
      return frame.length;
    }
    lengthen(frame, lag, out);
    return frame.length + lag;
  }

  /** The most samples {@link #decelerate} adds to a frame: the longest pitch period searched. */
  public int maxGrowth() {
    return maxLag;
  }

  private void shorten(short[] frame, int lag, short[] out) {
    crossfade(frame, 0, frame, lag, out, 0, lag);
    System.arraycopy(frame, 2 * lag, out, lag, frame.length - 2 * lag);
  }

  private void lengthen(short[] frame, int lag, short[] out) {
    System.arraycopy(frame, 0, out, 0, lag);
    crossfade(frame, lag, frame, 0, out, lag, lag);
    System.arraycopy(frame, lag, out, 2 * lag, frame.length - lag);
  }

  /**
   * The pitch period to remove or repeat, or 0 if the frame should not be stretched: the lag in
   * {@code minLag..longest} with the highest normalized correlation, if above the threshold.
   *
   * <p>Searched as NetEQ does, in two steps: a coarse search on the frame decimated by {@value
   * #DECIMATION} (sums of consecutive samples, a low-pass well above any pitch) over the whole lag
   * range, then a search at the full rate around the {@value #CANDIDATES} best coarse lags. The
   * energies of both halves come from prefix sums, so each lag costs one multiply-add per sample.
   * About a tenth of the work of the exhaustive search ({@link #exhaustiveLag}), with the same lag
   * on voiced speech.
   */
  int lag(short[] frame, int longest) {
    if (frame.length < 2 * maxLag || longest < minLag) {
      return 0;
    }
    if (rms(frame) < quietRms) {
      return longest;
    }
    int halves = 2 * longest;
    Scratch s = SCRATCH.get().fit(halves);
    long[] energy = s.energy;
    prefixEnergy(frame, halves, energy);
    int[] coarse = s.coarse;
    int coarseLength = halves / DECIMATION;
    for (int i = 0; i < coarseLength; i++) {
      int sum = 0;
      for (int k = 0; k < DECIMATION; k++) {
        sum += frame[i * DECIMATION + k];
      }
      coarse[i] = sum;
    }
    long[] coarseEnergy = s.coarseEnergy;
    coarseEnergy[0] = 0;
    for (int i = 0; i < coarseLength; i++) {
      coarseEnergy[i + 1] = coarseEnergy[i] + (long) coarse[i] * coarse[i];
    }
    int firstCoarse = Math.max(1, minLag / DECIMATION);
    int lastCoarse = longest / DECIMATION;
    double[] scores = s.coarseScores;
    for (int lag = firstCoarse; lag <= lastCoarse; lag++) {
      scores[lag] = coarseCorrelation(coarse, coarseEnergy, lag);
    }
    int[] bestCoarse = s.candidates;
    double[] bestCoarseScore = s.candidateScores;
    java.util.Arrays.fill(bestCoarse, 0);
    java.util.Arrays.fill(bestCoarseScore, Double.NEGATIVE_INFINITY);
    for (int lag = firstCoarse; lag <= lastCoarse; lag++) {
      boolean peak =
          (lag == firstCoarse || scores[lag] >= scores[lag - 1])
              && (lag == lastCoarse || scores[lag] >= scores[lag + 1]);
      if (peak) {
        insertCandidate(bestCoarse, bestCoarseScore, lag, scores[lag]);
      }
    }
    int bestLag = 0;
    double best = minCorrelation;
    for (int k = 0; k < CANDIDATES && bestCoarse[k] != 0; k++) {
      int from = Math.max(minLag, (bestCoarse[k] - 1) * DECIMATION + 1);
      int to = Math.min(longest, (bestCoarse[k] + 1) * DECIMATION - 1);
      for (int lag = from; lag <= to; lag++) {
        double c = correlation(frame, energy, lag);
        if (c > best || (c == best && bestLag != 0 && lag < bestLag)) {
          best = c;
          bestLag = lag;
        }
      }
    }
    return bestLag;
  }

  /** The exhaustive search {@link #lag} approximates: every lag at the full rate. For tests. */
  int exhaustiveLag(short[] frame, int longest) {
    if (frame.length < 2 * maxLag || longest < minLag) {
      return 0;
    }
    if (rms(frame) < quietRms) {
      return longest;
    }
    long[] energy = new long[2 * longest + 1];
    prefixEnergy(frame, 2 * longest, energy);
    int bestLag = 0;
    double best = minCorrelation;
    for (int lag = minLag; lag <= longest; lag++) {
      double c = correlation(frame, energy, lag);
      if (c > best) {
        best = c;
        bestLag = lag;
      }
    }
    return bestLag;
  }

  /** The normalized correlation between the first {@code lag} samples and the next {@code lag}. */
  double correlationAt(short[] frame, int lag) {
    long[] energy = new long[2 * lag + 1];
    prefixEnergy(frame, 2 * lag, energy);
    return correlation(frame, energy, lag);
  }

  private static void prefixEnergy(short[] x, int n, long[] energy) {
    energy[0] = 0;
    for (int i = 0; i < n; i++) {
      energy[i + 1] = energy[i] + x[i] * x[i];
    }
  }

  /** Keeps the {@value #CANDIDATES} best local scores, best first. */
  private static void insertCandidate(int[] lags, double[] scores, int lag, double score) {
    if (score <= scores[CANDIDATES - 1]) {
      return;
    }
    int i = CANDIDATES - 1;
    while (i > 0 && scores[i - 1] < score) {
      lags[i] = lags[i - 1];
      scores[i] = scores[i - 1];
      i--;
    }
    lags[i] = lag;
    scores[i] = score;
  }

  private static double correlation(short[] x, long[] energy, int lag) {
    long xy = 0;
    for (int i = 0; i < lag; i++) {
      xy += x[i] * x[i + lag];
    }
    return normalized(xy, energy[lag], energy[2 * lag] - energy[lag]);
  }

  private static double coarseCorrelation(int[] x, long[] energy, int lag) {
    long xy = 0;
    for (int i = 0; i < lag; i++) {
      xy += (long) x[i] * x[i + lag];
    }
    return normalized(xy, energy[lag], energy[2 * lag] - energy[lag]);
  }

  private static double normalized(long xy, long xx, long yy) {
    return xx == 0 || yy == 0 ? 0 : xy / Math.sqrt((double) xx * (double) yy);
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

  /** The lag search's work arrays, grown to the longest search seen on this thread. */
  private static final class Scratch {
    long[] energy = new long[0];
    int[] coarse;
    long[] coarseEnergy;
    double[] coarseScores;
    final int[] candidates = new int[CANDIDATES];
    final double[] candidateScores = new double[CANDIDATES];

    Scratch fit(int samples) {
      if (energy.length < samples + 1) {
        energy = new long[samples + 1];
        coarse = new int[samples / DECIMATION + 1];
        coarseEnergy = new long[samples / DECIMATION + 2];
        coarseScores = new double[samples / DECIMATION + 2];
      }
      return this;
    }
  }
}
