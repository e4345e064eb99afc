package io.peervoice.media.processing.internal;

import java.util.Arrays;

/**
 * The echo canceller's second stage and the noise suppressor, at 16 kHz on the linear canceller's
 * output: a short-time Fourier transform (blocks of {@link #N}, windows of {@code 2N}, square-root
 * Hann, 50% overlap-add) whose per-bin gain is the smaller of
 *
 * <ul>
 *   <li>the <b>residual echo gain</b> {@code 1 - overdrive * R / S}: {@code S} the output's power,
 *       {@code R} the residual echo's: the linear filter's echo estimate times a leakage factor
 *       learnt per bin while the far end talks alone (the linear filter removes most of the
 *       microphone's energy: no near end), held with a room's decay (the tail after the far end
 *       stops). In double talk the near end makes {@code S} large against {@code R}, so the gain
 *       stays near 1 where the near end is and the near end keeps its level; in far-end single talk
 *       {@code S} is residual echo and the gain falls to its floor. There is no blind start-up
 *       floor: the gain is bounded by the estimated echo from the first block, so a near end
 *       talking before the linear filter has converged keeps its level (before convergence the
 *       overdrive is 1, not 2, as the unconverged estimate errs high where the near end is).
 *   <li>the <b>noise gain</b>: a Wiener gain with decision-directed a-priori SNR (Ephraim-Malah)
 *       against a noise estimate by conditional recursive averaging, floored at the level's
 *       suppression.
 * </ul>
 *
 * <p>The output comes {@link #N} samples after its input (overlap-add). {@link #highBandGain()} is
 * the gain for the band above 8 kHz this stage does not see: the mean gain over 4.5-7 kHz. Nothing
 * is allocated per block; not thread-safe.
 */
final class ResidualSuppressor {
  static final int N = PartitionedEchoFilter.N;
  private static final int M = 2 * N;
  private static final int BINS = N + 1;
  private static final float ECHO_FLOOR = 0.003f;
  private static final float OVERDRIVE = 2f;
  private static final float EARLY_OVERDRIVE = 1f;
  private static final float REVERB_DECAY = 0.88f; // per 8 ms block: -60 dB in about 0.5 s
  private static final float LEARN = 0.05f;
  private static final float SINGLE_TALK_ERLE = 0.25f; // error below mic by 6 dB: echo dominates
  private static final float ACTIVE_ECHO_POWER = 3400f; // -55 dBFS per sample, 16-bit scale
  private static final float LEAK_MAX = 50f;
  private static final float NOISE_LIKELY = 4f;
  private static final float NOISE_FOLLOW = 0.05f;
  private static final float NOISE_CREEP = 1.003f;
  private static final int HIGH_FROM = 72; // 4.5 kHz
  private static final int HIGH_TO = 112; // 7 kHz

  private final boolean echo;
  private final float noiseFloor;
  private final RealFft fft = new RealFft(M);
  private final float[] window = new float[M];
  private final float[] frame = new float[M];
  private final float[] previous = new float[N];
  private final float[] overlap = new float[N];
  private final float[] re = new float[BINS];
  private final float[] im = new float[BINS];
  private final float[] smoothed = new float[BINS];
  private final float[] residual = new float[BINS];
  private final float[] echoSmoothed = new float[BINS];
  private final float[] leakage = new float[BINS];
  private final float[] noise = new float[BINS];
  private final float[] clean = new float[BINS];
  private final float[] gain = new float[BINS];
  private int learnt;
  private boolean noiseStarted;
  private float highGain = 1;

  /**
   * @param echo whether to suppress residual echo
   * @param noiseFloor the noise gain's floor (1: no noise suppression)
   */
  ResidualSuppressor(boolean echo, float noiseFloor) {
    this.echo = echo;
    this.noiseFloor = noiseFloor;
    for (int i = 0; i < M; i++) {
      window[i] = (float) Math.sqrt(0.5 - 0.5 * Math.cos(2 * Math.PI * i / M));
    }
    Arrays.fill(leakage, 1f);
    Arrays.fill(gain, 1f);
  }

  /**
   * One block.
   *
   * @param error the linear canceller's output (or the microphone, without echo cancellation)
   * @param echoPower the linear echo estimate's power per bin (ignored without echo suppression)
   * @param micEnergy the microphone's energy in this block
   * @param echoEnergy the linear echo estimate's energy in this block
   * @param converged whether the linear filter has converged: before, its error is still mostly
   *     echo, and the leakage is learnt whenever the far end talks alone
   * @param singleTalk whether the linear filter sees no double talk (its step is not reduced): the
   *     leakage is learnt only then
   * @param out the processed block, {@link #N} samples late
   */
  void process(
      float[] error,
      float[] echoPower,
      float micEnergy,
      float echoEnergy,
      boolean converged,
      boolean singleTalk,
      float[] out) {
    float errorEnergy = 0;
    for (int i = 0; i < N; i++) {
      frame[i] = previous[i] * window[i];
      frame[N + i] = error[i] * window[N + i];
      errorEnergy += error[i] * error[i];
    }
    System.arraycopy(error, 0, previous, 0, N);
    fft.forward(frame, re, im);
    boolean learn =
        echo
            && singleTalk
            && echoEnergy > ACTIVE_ECHO_POWER * N
            && errorEnergy < SINGLE_TALK_ERLE * micEnergy;
    if (learn) {
      learnt++;
    }
    float highSum = 0;
    for (int k = 0; k < BINS; k++) {
      float s = re[k] * re[k] + im[k] * im[k];
      smoothed[k] = flush(smoothed[k] + 0.5f * (s - smoothed[k]));
      float g = 1;
      if (echo) {
        echoSmoothed[k] = flush(echoSmoothed[k] + 0.5f * (echoPower[k] - echoSmoothed[k]));
        if (learn) {
          float ratio = Math.min(LEAK_MAX, smoothed[k] / (echoSmoothed[k] + 1e-3f));
          leakage[k] += LEARN * (ratio - leakage[k]);
        }
        // the residual: the leakage model, held with the room's decay (the tail)
        residual[k] = flush(Math.max(leakage[k] * echoSmoothed[k], REVERB_DECAY * residual[k]));
        g =
            Math.max(
                ECHO_FLOOR,
                1
                    - (converged ? OVERDRIVE : EARLY_OVERDRIVE)
                        * residual[k]
                        / (smoothed[k] + 1e-3f));
      }
      if (noiseFloor < 1) {
        g = Math.min(g, noiseGain(k, s));
      }
      gain[k] = g;
      if (k >= HIGH_FROM && k < HIGH_TO) {
        highSum += g;
      }
    }
    noiseStarted = true;
    highGain = highSum / (HIGH_TO - HIGH_FROM);
    for (int k = 0; k < BINS; k++) {
      re[k] *= gain[k];
      im[k] *= gain[k];
    }
    fft.inverse(re, im, frame);
    for (int i = 0; i < N; i++) {
      out[i] = overlap[i] + frame[i] * window[i];
      overlap[i] = frame[N + i] * window[N + i];
    }
  }

  /**
   * The noise gain of bin {@code k} for this block's power {@code s}. The noise estimate follows
   * the power where it is likely noise (within 6 dB of the estimate: recursive averaging, unbiased
   * on stationary noise) and otherwise creeps up by about 1 dB/s, so a louder noise floor is found
   * through speech.
   */
  private float noiseGain(int k, float s) {
    if (!noiseStarted) {
      noise[k] = s;
    } else if (s < NOISE_LIKELY * noise[k]) {
      noise[k] = flush(noise[k] + NOISE_FOLLOW * (s - noise[k]));
    } else {
      noise[k] *= NOISE_CREEP;
    }
    float n = noise[k] + 1e-3f;
    float prior = 0.98f * clean[k] / n + 0.02f * Math.max(s / n - 1, 0);
    float g = Math.max(noiseFloor, prior / (1 + prior));
    clean[k] = flush(g * g * s);
    return g;
  }

  /**
   * The echo path changed (the linear filter lost its convergence): the leakage is learnt again
   * from scratch.
   */
  void relearn() {
    learnt = 0;
    Arrays.fill(leakage, 1f);
  }

  /** {@code v}, or 0 when it is below the smallest normal float (no denormal arithmetic). */
  static float flush(float v) {
    return Math.abs(v) < Float.MIN_NORMAL ? 0f : v;
  }

  /** The recursive state, for tests: smoothed, echoSmoothed, residual, noise, clean. */
  float[][] state() {
    return new float[][] {smoothed, echoSmoothed, residual, noise, clean, overlap, previous};
  }

  /** The gain for the band above this stage's (8-24 kHz at 48 kHz) for the last block. */
  float highBandGain() {
    return highGain;
  }

  /** Blocks on which the residual echo's leakage was learnt. */
  int learntBlocks() {
    return learnt;
  }
}
