package io.peervoice.media.echo;

import io.peervoice.media.processing.AudioProcessor;

/**
 * How much of the clean near end's level the output kept over the double-talk blocks, per frequency
 * and then over the near end's spectrum: {@code G² = Σ|Sxy(f)|²/Sxx(f) / ΣSxx(f)}, with {@code Sxx}
 * the near end's power spectrum and {@code Sxy} its cross spectrum with the (aligned) output,
 * averaged over 1024-sample Hann frames centred on the double-talk blocks (Welch).
 *
 * <p>Residual echo and noise, uncorrelated with the near end, average out of {@code Sxy} and do not
 * count as near end. Unlike one least-squares gain over the waveform, a filter's phase does not
 * count as loss: a high-pass filter at 80 Hz that takes 0.03 dB of the near end's energy shifts the
 * phase of its lowest harmonics enough to read 0.4-0.6 dB on a single-lag gain.
 */
final class NearEndGain {
  static final int FRAME = 1024;

  private static final int N = AudioProcessor.BLOCK_SAMPLES;

  private NearEndGain() {}

  /**
   * The near end's level lost in dB ({@code -20·log10 G}); 120 when nothing of it is left, NaN when
   * there is no double talk to measure on.
   */
  static double suppressionDb(double[] near, short[] output, boolean[] doubleTalk) {
    Fft fft = new Fft(FRAME);
    double[] window = new double[FRAME];
    for (int i = 0; i < FRAME; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / FRAME);
    }
    int bins = FRAME / 2 + 1;
    double[] sxx = new double[bins];
    double[] sxyRe = new double[bins];
    double[] sxyIm = new double[bins];
    double[] xr = new double[FRAME];
    double[] xi = new double[FRAME];
    double[] yr = new double[FRAME];
    double[] yi = new double[FRAME];
    int length = Math.min(near.length, output.length);
    for (int b = 0; b < doubleTalk.length; b++) {
      int start = b * N + N / 2 - FRAME / 2;
      if (!doubleTalk[b] || start < 0 || start + FRAME > length) {
        continue;
      }
      for (int i = 0; i < FRAME; i++) {
        xr[i] = near[start + i] * window[i];
        yr[i] = output[start + i] * window[i];
      }
      java.util.Arrays.fill(xi, 0);
      java.util.Arrays.fill(yi, 0);
      fft.transform(xr, xi, false);
      fft.transform(yr, yi, false);
      for (int k = 0; k < bins; k++) {
        sxx[k] += xr[k] * xr[k] + xi[k] * xi[k];
        sxyRe[k] += xr[k] * yr[k] + xi[k] * yi[k];
        sxyIm[k] += xr[k] * yi[k] - xi[k] * yr[k];
      }
    }
    double total = 0;
    double kept = 0;
    for (int k = 0; k < bins; k++) {
      total += sxx[k];
      if (sxx[k] > 0) {
        kept += (sxyRe[k] * sxyRe[k] + sxyIm[k] * sxyIm[k]) / sxx[k];
      }
    }
    if (total == 0) {
      return Double.NaN;
    }
    double gain = Math.sqrt(kept / total);
    return gain <= 1e-6 ? 120 : -20 * Math.log10(gain);
  }
}
