package io.peervoice.media.processing.internal;

import java.util.Arrays;

/**
 * A linear echo canceller: a partitioned-block frequency-domain adaptive filter (multidelay filter,
 * overlap-save, blocks of {@link #N} samples, FFTs of {@code 2N}) of {@code partitions} blocks, so
 * at 16 kHz with 64 partitions it models 512 ms of echo path, delay included.
 *
 * <p>Two filters, as in speexdsp's MDF and AEC3: a <b>background</b> filter adapts on every block
 * (NLMS per frequency, normalised by the reference's power over the filter's span), and a
 * <b>foreground</b> filter, which gives the output, is a copy of it taken only when the background
 * cancels clearly better. Double talk makes the background wander (the near end looks like a
 * changed echo path); the foreground does not follow, and the background is put back to the
 * foreground when it does worse; the step control (double talk, a changed echo path) is {@link
 * FilterConvergence}. The gradient constraint (the time-domain half that circular convolution would
 * spill into) is applied to one partition per block in turn, as in AUMDF.
 *
 * <p>Until the foreground first cancels 10 dB the step is {@value #INITIAL_STEP} times the usual
 * one: the start of a call, before any double talk can be told apart, converges sooner.
 *
 * <p>When the reference has been silent for longer than the filter spans, nothing is computed (the
 * echo is zero). Nothing is allocated per block; not thread-safe.
 */
final class PartitionedEchoFilter {
  static final int N = 128;
  private static final int M = 2 * N;
  private static final int BINS = N + 1;
  private static final float STEP = 1f;
  private static final float INITIAL_STEP = 1.5f; // until the first convergence: speeds the start
  private static final float SILENT_POWER = 1f; // 16-bit scale, per sample: about -90 dBFS
  private static final float SMOOTH = 0.3f;
  private static final float PROPORTION = 0.5f;
  private static final float CANCELS = 0.5f;
  private static final float COPY = 0.7f;
  private static final float RESET = 2f;

  private final int partitions;
  private final RealFft fft = new RealFft(M);
  private final float[][] xr;
  private final float[][] xi;
  private final float[][] xpow;
  private final float[][] bgr;
  private final float[][] bgi;
  private final float[][] fgr;
  private final float[][] fgi;
  private final float[] power = new float[BINS];
  private final float[] weight;
  private final float[] magnitude;
  private final float[] reference = new float[M];
  private final float[] time = new float[M];
  private final float[] yr = new float[BINS];
  private final float[] yi = new float[BINS];
  private final float[] er = new float[BINS];
  private final float[] ei = new float[BINS];
  private final float[] foregroundEcho = new float[N];
  private final float[] echoSpectrumPower = new float[BINS];
  private int newest;
  private int constrainNext;
  private int silentBlocks;
  private boolean cleared;
  private float foregroundErrorSmoothed;
  private float backgroundErrorSmoothed;
  private float micSmoothed;
  private int blocks;
  private final FilterConvergence convergence = new FilterConvergence();
  private long copies;

  PartitionedEchoFilter(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
    }
    this.partitions = partitions;
    xr = new float[partitions][BINS];
    xi = new float[partitions][BINS];
    xpow = new float[partitions][BINS];
    bgr = new float[partitions][BINS];
    bgi = new float[partitions][BINS];
    fgr = new float[partitions][BINS];
    fgi = new float[partitions][BINS];
    silentBlocks = partitions + 1;
    weight = new float[partitions];
    magnitude = new float[partitions];
    Arrays.fill(weight, 1f);
  }

  /**
   * One block: {@code far[0..N)} the reference, {@code mic[0..N)} the microphone; writes the
   * foreground's error (echo removed) to {@code error[0..N)}. {@link #echo()} then holds the
   * foreground's echo estimate, and {@link #echoPower()} its power per bin.
   */
  void process(float[] far, float[] mic, float[] error) {
    System.arraycopy(reference, N, reference, 0, N);
    System.arraycopy(far, 0, reference, N, N);
    float farPower = 0;
    for (int i = 0; i < N; i++) {
      farPower += far[i] * far[i];
    }
    silentBlocks = farPower < SILENT_POWER * N ? silentBlocks + 1 : 0;
    if (silentBlocks > partitions + 1) {
      if (!cleared) {
        for (int p = 0; p < partitions; p++) {
          Arrays.fill(xr[p], 0f);
          Arrays.fill(xi[p], 0f);
          Arrays.fill(xpow[p], 0f);
        }
        Arrays.fill(power, 0f);
        cleared = true;
      }
      System.arraycopy(mic, 0, error, 0, N);
      Arrays.fill(foregroundEcho, 0f);
      Arrays.fill(echoSpectrumPower, 0f);
      convergence.idle();
      return;
    }
    newest = (newest + partitions - 1) % partitions;
    cleared = false;
    fft.forward(reference, xr[newest], xi[newest]);
    updatePower();

    // foreground: the output
    convolve(fgr, fgi);
    for (int k = 0; k < BINS; k++) {
      echoSpectrumPower[k] = ResidualSuppressor.flush(yr[k] * yr[k] + yi[k] * yi[k]);
    }
    fft.inverse(yr, yi, time);
    float fgError = 0;
    float micEnergy = 0;
    float micDotEcho = 0;
    for (int i = 0; i < N; i++) {
      micEnergy += mic[i] * mic[i];
      foregroundEcho[i] = time[N + i];
      error[i] = mic[i] - time[N + i];
      fgError += error[i] * error[i];
      micDotEcho += mic[i] * time[N + i];
    }
    float step =
        (convergence.converged() ? STEP : INITIAL_STEP)
            * convergence.stepFactor(micSmoothed, foregroundErrorSmoothed, micEnergy, micDotEcho);

    // background: adapts
    convolve(bgr, bgi);
    fft.inverse(yr, yi, time);
    float bgError = 0;
    Arrays.fill(time, 0, N, 0f);
    for (int i = 0; i < N; i++) {
      float e = mic[i] - time[N + i];
      time[N + i] = e;
      bgError += e * e;
    }
    fft.forward(time, er, ei);
    adapt(step);
    constrain(constrainNext);
    constrainNext = (constrainNext + 1) % partitions;
    choose(fgError, bgError, micEnergy);
  }

  /**
   * The normaliser of the step: the reference's power per bin over the filter's span, each
   * partition weighted by its step weight (so a heavily weighted partition does not overshoot).
   */
  private void updatePower() {
    if (blocks++ % 4 == 0) {
      updateWeights();
    }
    float[] nr = xr[newest];
    float[] ni = xi[newest];
    float[] np = xpow[newest];
    for (int k = 0; k < BINS; k++) {
      np[k] = nr[k] * nr[k] + ni[k] * ni[k];
    }
    Arrays.fill(power, 0f);
    for (int p = 0; p < partitions; p++) {
      weightedAdd(weight[p], xpow[(newest + p) % partitions], power);
    }
  }

  private static void weightedAdd(float g, float[] x, float[] sum) {
    for (int k = 0; k < BINS; k++) {
      sum[k] += g * x[k];
    }
  }

  /**
   * Proportionate steps (IPNLMS, per partition): a partition's share of the step grows with its
   * share of the background filter's magnitude, so the partitions holding the direct path and the
   * early reflections converge first and the long, weak tail does not slow them down. Weights
   * average 1; half of each is uniform.
   */
  private void updateWeights() {
    float total = 0;
    for (int p = 0; p < partitions; p++) {
      magnitude[p] = (float) Math.sqrt(energy(bgr[p], bgi[p]));
      total += magnitude[p];
    }
    for (int p = 0; p < partitions; p++) {
      weight[p] =
          total <= 0 ? 1f : (1 - PROPORTION) + PROPORTION * partitions * magnitude[p] / total;
    }
  }

  private void convolve(float[][] wr, float[][] wi) {
    Arrays.fill(yr, 0f);
    Arrays.fill(yi, 0f);
    for (int p = 0; p < partitions; p++) {
      int x = (newest + p) % partitions;
      multiplyAdd(xr[x], xi[x], wr[p], wi[p], yr, yi);
    }
  }

  /** {@code y += a * b}, complex, bin by bin (a loop the JIT vectorises). */
  private static void multiplyAdd(
      float[] ar, float[] ai, float[] br, float[] bi, float[] yr, float[] yi) {
    for (int k = 0; k < BINS; k++) {
      yr[k] += ar[k] * br[k] - ai[k] * bi[k];
      yi[k] += ar[k] * bi[k] + ai[k] * br[k];
    }
  }

  /** {@code w += g * conj(x) * e}, complex, bin by bin. */
  private static void conjugateMultiplyAdd(
      float g, float[] xr, float[] xi, float[] er, float[] ei, float[] wr, float[] wi) {
    for (int k = 0; k < BINS; k++) {
      wr[k] += g * (xr[k] * er[k] + xi[k] * ei[k]);
      wi[k] += g * (xr[k] * ei[k] - xi[k] * er[k]);
    }
  }

  private static float energy(float[] re, float[] im) {
    float e = 0;
    for (int k = 0; k < BINS; k++) {
      e += re[k] * re[k] + im[k] * im[k];
    }
    return e;
  }

  private void adapt(float step) {
    float floor = 1e-3f * M * N; // regularisation: a reference near silence does not blow up
    for (int k = 0; k < BINS; k++) {
      float g = step / (power[k] + floor);
      er[k] *= g;
      ei[k] *= g;
    }
    for (int p = 0; p < partitions; p++) {
      int x = (newest + p) % partitions;
      conjugateMultiplyAdd(weight[p], xr[x], xi[x], er, ei, bgr[p], bgi[p]);
    }
  }

  /** Keeps partition {@code p}'s taps to its first N samples (the rest is circular spill). */
  private void constrain(int p) {
    fft.inverse(bgr[p], bgi[p], time);
    Arrays.fill(time, N, M, 0f);
    fft.forward(time, bgr[p], bgi[p]);
  }

  private void choose(float fgError, float bgError, float micEnergy) {
    foregroundErrorSmoothed =
        ResidualSuppressor.flush(
            foregroundErrorSmoothed + SMOOTH * (fgError - foregroundErrorSmoothed));
    backgroundErrorSmoothed =
        ResidualSuppressor.flush(
            backgroundErrorSmoothed + SMOOTH * (bgError - backgroundErrorSmoothed));
    micSmoothed = ResidualSuppressor.flush(micSmoothed + SMOOTH * (micEnergy - micSmoothed));
    convergence.check(foregroundErrorSmoothed, backgroundErrorSmoothed, micSmoothed);
    if (backgroundErrorSmoothed < COPY * foregroundErrorSmoothed
        && backgroundErrorSmoothed < CANCELS * micSmoothed) {
      copy(bgr, bgi, fgr, fgi);
      foregroundErrorSmoothed = backgroundErrorSmoothed;
      copies++;
    } else if (backgroundErrorSmoothed > RESET * foregroundErrorSmoothed) {
      copy(fgr, fgi, bgr, bgi);
      backgroundErrorSmoothed = foregroundErrorSmoothed;
    }
  }

  /**
   * The double-talk factor of the last block: 1 in far-end single talk (or before convergence),
   * lower when the echo estimate explains little of the microphone.
   */
  float doubleTalkFactor() {
    return convergence.factor();
  }

  /** Whether the foreground has cancelled 10 dB (and not lost it to a changed echo path since). */
  boolean converged() {
    return convergence.converged();
  }

  /** How many times the filter lost its convergence to a changed echo path. */
  long unlatches() {
    return convergence.unlatches();
  }

  /** The recursive state, for tests: the three smoothed energies. */
  float[] smoothedState() {
    return new float[] {foregroundErrorSmoothed, backgroundErrorSmoothed, micSmoothed};
  }

  private void copy(float[][] fromR, float[][] fromI, float[][] toR, float[][] toI) {
    for (int p = 0; p < partitions; p++) {
      System.arraycopy(fromR[p], 0, toR[p], 0, BINS);
      System.arraycopy(fromI[p], 0, toI[p], 0, BINS);
    }
  }

  /** The foreground's echo estimate of the last block. */
  float[] echo() {
    return foregroundEcho;
  }

  /** The foreground's echo estimate's power per bin (overlap-save spectrum, unwindowed). */
  float[] echoPower() {
    return echoSpectrumPower;
  }

  /** The partition holding most of the foreground filter's energy: the echo path's delay. */
  int peakPartition() {
    int peak = -1;
    float best = 0;
    for (int p = 0; p < partitions; p++) {
      float e = energy(fgr[p], fgi[p]);
      if (e > best) {
        best = e;
        peak = p;
      }
    }
    return peak;
  }

  long copies() {
    return copies;
  }
}
