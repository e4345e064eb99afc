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
    double energy = 0;
    for (int i = 0; i < n; i++) {
      energy += x[i] * x[i];
    }
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
    float peakIn = 0;
    for (int i = 0; i < n; i++) {
      peakIn = Math.max(peakIn, Math.abs(x[i]));
    }
    float safe = peakIn > 0 ? LIMIT / peakIn : Float.MAX_VALUE;
    if (to > safe) {
      // limit: the gain goes down to what keeps the block below full scale and stays there
      to = safe;
      gainDb = 20 * Math.log10(to);
    }
    // a gain already too high for this block comes down within ATTACK samples, else over the block
    int ramp = from > safe ? Math.min(ATTACK, n) : n;
    float span = to - from;
    for (int i = 0; i < ramp; i++) {
      float g = from + span * i / ramp;
      x[i] = Math.max(-LIMIT, Math.min(LIMIT, x[i] * g));
    }
    for (int i = ramp; i < n; i++) {
      x[i] = Math.max(-LIMIT, Math.min(LIMIT, x[i] * to));
    }
    gain = to;
  }
}
