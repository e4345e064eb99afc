package io.peervoice.media.echo;

import io.peervoice.media.processing.AudioProcessor;
import java.util.Arrays;

/**
 * What the far end hears of the near end and of its own echo over the double-talk blocks, per
 * frequency, from spectra averaged over 1024-sample Hann frames centred on the double-talk blocks
 * (Welch): {@code Sxx} the clean near end's power spectrum, {@code Sxy} its cross spectrum with the
 * (aligned) output, {@code Syy} the output's and {@code See} the echo's at the microphone.
 *
 * <ul>
 *   <li>{@link #suppressionDb}: how much of the near end's level the output kept, {@code G² =
 *       Σ|Sxy(f)|²/Sxx(f) / ΣSxx(f)}. Residual echo and noise, uncorrelated with the near end,
 *       average out of {@code Sxy} and do not count as near end. Unlike one least-squares gain over
 *       the waveform, a filter's phase does not count as loss: a high-pass filter at 80 Hz that
 *       takes 0.03 dB of the near end's energy shifts the phase of its lowest harmonics enough to
 *       read 0.4-0.6 dB on a single-lag gain.
 *   <li>{@link #echoReductionDb}: how much weaker than at the microphone the far end hears its echo
 *       while both talk, {@code ΣSee / Σ(Syy - |Sxy|²/Sxx)}: the output's power that is not the
 *       near end (residual echo, noise, and whatever of the near end the processing distorted) is
 *       counted as echo, so this is a lower bound of the echo's reduction.
 *   <li>{@link #residualToNearDb}: that same rest of the output over the near end it kept, {@code
 *       Σ(Syy - |Sxy|²/Sxx) / Σ|Sxy|²/Sxx}: how loud the far end hears its echo next to the
 *       near-end talker.
 * </ul>
 */
final class NearEndGain {
  static final int FRAME = 1024;

  private static final int N = AudioProcessor.BLOCK_SAMPLES;
  private static final int BINS = FRAME / 2 + 1;

  /** The Welch sums per bin. */
  private record Spectra(
      double[] sxx, double[] sxyRe, double[] sxyIm, double[] syy, double[] see) {}

  private NearEndGain() {}

  /**
   * The near end's level lost in dB ({@code -20·log10 G}); 120 when nothing of it is left, NaN when
   * there is no double talk to measure on.
   */
  static double suppressionDb(double[] near, short[] output, boolean[] doubleTalk) {
    Spectra s = spectra(near, output, new double[0], doubleTalk);
    double total = 0;
    double kept = 0;
    for (int k = 0; k < BINS; k++) {
      total += s.sxx[k];
      kept += nearPart(s, k);
    }
    if (total == 0) {
      return Double.NaN;
    }
    double gain = Math.sqrt(kept / total);
    return gain <= 1e-6 ? 120 : -20 * Math.log10(gain);
  }

  /**
   * The echo at the microphone over what the output holds besides the near end, in dB, over the
   * double-talk blocks; 120 when nothing but the near end is left, NaN when there is no double talk
   * or no echo in it.
   *
   * @param echo the echo as it reaches the microphone
   */
  static double echoReductionDb(
      double[] near, double[] echo, short[] output, boolean[] doubleTalk) {
    Spectra s = spectra(near, output, echo, doubleTalk);
    double echoPower = 0;
    double rest = 0;
    for (int k = 0; k < BINS; k++) {
      echoPower += s.see[k];
      rest += Math.max(0, s.syy[k] - nearPart(s, k));
    }
    if (echoPower == 0) {
      return Double.NaN;
    }
    return rest <= echoPower * 1e-12 ? 120 : 10 * Math.log10(echoPower / rest);
  }

  /**
   * What the output holds besides the near end over the near end it kept, in dB, over the
   * double-talk blocks: how loud the far end hears residual echo (with noise and distortion) next
   * to the near-end talker; -120 when nothing but the near end is left, NaN without double talk,
   * 120 when nothing of the near end is left.
   */
  static double residualToNearDb(double[] near, short[] output, boolean[] doubleTalk) {
    Spectra s = spectra(near, output, new double[0], doubleTalk);
    double kept = 0;
    double rest = 0;
    double total = 0;
    for (int k = 0; k < BINS; k++) {
      double n = nearPart(s, k);
      kept += n;
      total += s.sxx[k];
      rest += Math.max(0, s.syy[k] - n);
    }
    if (total == 0) {
      return Double.NaN;
    }
    if (kept <= total * 1e-12) {
      return 120;
    }
    return rest <= kept * 1e-12 ? -120 : 10 * Math.log10(rest / kept);
  }

  private static double nearPart(Spectra s, int k) {
    return s.sxx[k] > 0 ? (s.sxyRe[k] * s.sxyRe[k] + s.sxyIm[k] * s.sxyIm[k]) / s.sxx[k] : 0;
  }

  private static Spectra spectra(
      double[] near, short[] output, double[] echo, boolean[] doubleTalk) {
    Fft fft = new Fft(FRAME);
    double[] window = new double[FRAME];
    for (int i = 0; i < FRAME; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / FRAME);
    }
    Spectra s =
        new Spectra(
            new double[BINS],
            new double[BINS],
            new double[BINS],
            new double[BINS],
            new double[BINS]);
    double[] xr = new double[FRAME];
    double[] xi = new double[FRAME];
    double[] yr = new double[FRAME];
    double[] yi = new double[FRAME];
    double[] er = new double[FRAME];
    double[] ei = new double[FRAME];
    boolean withEcho = echo.length > 0;
    int length = Math.min(near.length, output.length);
    if (withEcho) {
      length = Math.min(length, echo.length);
    }
    for (int b = 0; b < doubleTalk.length; b++) {
      int start = b * N + N / 2 - FRAME / 2;
      if (!doubleTalk[b] || start < 0 || start + FRAME > length) {
        continue;
      }
      for (int i = 0; i < FRAME; i++) {
        xr[i] = near[start + i] * window[i];
        yr[i] = output[start + i] * window[i];
      }
      Arrays.fill(xi, 0);
      Arrays.fill(yi, 0);
      fft.transform(xr, xi, false);
      fft.transform(yr, yi, false);
      if (withEcho) {
        for (int i = 0; i < FRAME; i++) {
          er[i] = echo[start + i] * window[i];
        }
        Arrays.fill(ei, 0);
        fft.transform(er, ei, false);
      }
      for (int k = 0; k < BINS; k++) {
        s.sxx[k] += xr[k] * xr[k] + xi[k] * xi[k];
        s.sxyRe[k] += xr[k] * yr[k] + xi[k] * yi[k];
        s.sxyIm[k] += xr[k] * yi[k] - xi[k] * yr[k];
        s.syy[k] += yr[k] * yr[k] + yi[k] * yi[k];
        if (withEcho) {
          s.see[k] += er[k] * er[k] + ei[k] * ei[k];
        }
      }
    }
    return s;
  }
}
