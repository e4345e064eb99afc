package io.peervoice.media.processing.internal;

/**
 * Automatic gain control on the stage's output, in the manner of WebRTC's AGC2 adaptive digital
 * gain: the speech level is tracked over blocks that are speech (well above a minimum-tracking
 * noise floor and above -50 dBFS), the gain moves towards bringing it to {@value #TARGET_DBFS} dBFS
 * at no more than {@value #SLEW_DB_PER_SECOND} dB/s, between 0 and {@value #MAX_GAIN_DB} dB (it
 * only amplifies), ramped across each block; when a block would clip, the gain ramps down to one
 * that keeps the block's peak just below full scale (and the gain stays there, no step at the next
 * block), and what the ramp's start still takes over full scale is clamped. Not thread-safe.
 */
final class DigitalGainControl {
  static final double TARGET_DBFS = -18;
  static final double MAX_GAIN_DB = 24;
  static final double SLEW_DB_PER_SECOND = 3;
  private static final double FULL = 32768;
  private static final float LIMIT = 32000f;
  private static final int ATTACK = 48; // 1 ms at 48 kHz
  private static final double SPEECH_FLOOR_DBFS = -50;

  private double noiseDb = 0;
  private double speechDb = Double.NaN;
  private double gainDb = 0;
  private float gain = 1;

  /** Applies the gain to {@code x[0..n)} (16-bit scale) for one 10 ms block. */
  void process(float[] x, int n) {
    // energy and peak in one pass; the peak (a max: any order gives the same) in four chains
    double energy = 0;
    float peak0 = 0;
    float peak1 = 0;
    float peak2 = 0;
    float peak3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      energy += x[i] * x[i];
      energy += x[i + 1] * x[i + 1];
      energy += x[i + 2] * x[i + 2];
      energy += x[i + 3] * x[i + 3];
      peak0 = Math.max(peak0, Math.abs(x[i]));
      peak1 = Math.max(peak1, Math.abs(x[i + 1]));
      peak2 = Math.max(peak2, Math.abs(x[i + 2]));
      peak3 = Math.max(peak3, Math.abs(x[i + 3]));
    }
    for (; i < n; i++) {
      energy += x[i] * x[i];
      peak0 = Math.max(peak0, Math.abs(x[i]));
    }
    float peakIn = Math.max(Math.max(peak0, peak1), Math.max(peak2, peak3));
    double levelDb = 10 * Math.log10(energy / n / (FULL * FULL) + 1e-12);
    noiseDb = levelDb < noiseDb ? levelDb : noiseDb + 0.005; // 0.5 dB/s up
    if (levelDb > SPEECH_FLOOR_DBFS && levelDb > noiseDb + 10) {
      speechDb = Double.isNaN(speechDb) ? levelDb : speechDb + 0.02 * (levelDb - speechDb);
    }
    if (!Double.isNaN(speechDb)) {
      double wanted = Math.max(0, Math.min(MAX_GAIN_DB, TARGET_DBFS - speechDb));
      double step = SLEW_DB_PER_SECOND / 100;
      gainDb += Math.max(-step, Math.min(step, wanted - gainDb));
    }
    float from = gain;
    float to = (float) Math.pow(10, gainDb / 20);
    float safe = peakIn > 0 ? LIMIT / peakIn : Float.MAX_VALUE;
    if (to > safe) {
      // limit: the gain goes down to what keeps the block below full scale and stays there
      to = safe;
      gainDb = 20 * Math.log10(to);
    }
    // a gain already too high for this block comes down within ATTACK samples, else over the block
    int ramp = from > safe ? Math.min(ATTACK, n) : n;
    float span = to - from;
    for (int j = 0; j < ramp; j++) {
      float g = from + span * j / ramp;
      x[j] = Math.max(-LIMIT, Math.min(LIMIT, x[j] * g));
    }
    for (int j = ramp; j < n; j++) {
      x[j] = Math.max(-LIMIT, Math.min(LIMIT, x[j] * to));
    }
    gain = to;
  }
}
