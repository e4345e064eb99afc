package io.peervoice.media.audio;

/**
 * One conference participant's level and whether it is speaking: the RMS level of its newest frame
 * in dBov, and speech for {@link #HOLD_NANOS} after a frame above {@link #THRESHOLD_DBOV}. Not
 * thread-safe: the mixer's lock guards it.
 */
final class SpeakingMeter {
  /** A frame whose RMS level is above this (dBov) is speech. */
  static final double THRESHOLD_DBOV = -45;

  /** How long a participant counts as speaking after its last loud frame. */
  static final long HOLD_NANOS = 600_000_000L;

  private double levelDbov = -127;
  private long lastLoudNanos = Long.MIN_VALUE / 2;

  /** A frame of level {@code level} ({@link #dbov}, worked out outside the mixer's lock). */
  void update(double level, long nanos) {
    levelDbov = level;
    if (levelDbov > THRESHOLD_DBOV) {
      lastLoudNanos = nanos;
    }
  }

  double levelDbov() {
    return levelDbov;
  }

  boolean speaking(long nanos) {
    return nanos - lastLoudNanos < HOLD_NANOS;
  }

  /** The RMS level of {@code frame} in dBov; -127 for digital silence. */
  static double dbov(short[] frame) {
    double energy = 0;
    for (short s : frame) {
      energy += (double) s * s;
    }
    if (energy == 0) {
      return -127;
    }
    return Math.max(-127, 10 * Math.log10(energy / frame.length / (32768.0 * 32768.0)));
  }
}
