package io.peervoice.media.jitter;

/**
 * Tuning of the {@link AdaptiveJitterBuffer}. The defaults suit 20 ms Opus at 48 kHz; they are not
 * tuned to any particular network.
 *
 * @param clockRate RTP clock rate in Hz
 * @param frameSamples samples per packet (one frame)
 * @param quantile share of packets that should arrive in time, e.g. 0.97
 * @param forgetFactor per-packet weight kept by older delay samples (0.99: about 2 s of memory at
 *     50 packets/s)
 * @param minDelayWindowMillis window over which the fastest packet sets the zero of relative delay
 * @param initialTargetMillis target before the delay of packets has been seen
 * @param maxTargetMillis upper bound of the target level
 * @param capacityPackets most packets held; the oldest are dropped beyond
 * @param maxUnderrunFrames consecutive empty ticks concealed before the buffer goes idle
 * @param guardMillis delay kept above the target so that slow drift is met by stretching before
 *     packets start to miss their turn
 */
public record JitterBufferConfig(
    int clockRate,
    int frameSamples,
    double quantile,
    double forgetFactor,
    int minDelayWindowMillis,
    int initialTargetMillis,
    int maxTargetMillis,
    int capacityPackets,
    int maxUnderrunFrames,
    double guardMillis) {

  public JitterBufferConfig {
    if (clockRate < 8000 || frameSamples < 1) {
      throw new IllegalArgumentException("bad clock rate or frame size");
    }
    if (quantile <= 0.5 || quantile >= 1) {
      throw new IllegalArgumentException("quantile must be in (0.5, 1): " + quantile);
    }
    if (forgetFactor <= 0.9 || forgetFactor >= 1) {
      throw new IllegalArgumentException("forget factor must be in (0.9, 1): " + forgetFactor);
    }
    if (minDelayWindowMillis < 100 || initialTargetMillis < 0 || maxTargetMillis < 20) {
      throw new IllegalArgumentException("bad delay window or targets");
    }
    if (guardMillis < 0 || guardMillis > 100) {
      throw new IllegalArgumentException("guard must be 0..100 ms: " + guardMillis);
    }
    if (capacityPackets < 2 || maxUnderrunFrames < 1) {
      throw new IllegalArgumentException("bad capacity or underrun limit");
    }
  }

  /** 20 ms Opus frames at 48 kHz. */
  public static JitterBufferConfig opusDefaults() {
    return new JitterBufferConfig(48_000, 960, 0.97, 0.99, 2_000, 20, 2_000, 250, 100, 3);
  }

  public double frameMillis() {
    return 1000.0 * frameSamples / clockRate;
  }
}
