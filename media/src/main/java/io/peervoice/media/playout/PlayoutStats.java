package io.peervoice.media.playout;

import io.peervoice.media.jitter.AdaptiveJitterBufferStats;

/**
 * Receive-side playout statistics, named as in the W3C WebRTC statistics (RTCInboundRtpStreamStats)
 * where one exists.
 *
 * @param totalSamplesReceived samples decoded from received packets
 * @param concealedSamples samples produced by loss concealment (PLC), excluding comfort noise
 * @param silentConcealedSamples samples of DTX comfort noise
 * @param concealmentEvents runs of consecutive concealed frames
 * @param fecRecoveredFrames missing frames recovered from the next packet's in-band FEC
 * @param insertedSamplesForDeceleration samples added by time-stretching
 * @param removedSamplesForAcceleration samples removed by time-stretching
 * @param jitterBufferDelay seconds that emitted samples spent buffered, summed over samples
 * @param jitterBufferEmittedCount samples counted in {@code jitterBufferDelay}
 * @param jitterBufferTargetDelay current target, seconds
 * @param totalSamplesPlayed all samples played out, including concealment and silence
 * @param decodeErrors packets the decoder rejected
 * @param buffer the jitter buffer's own counters
 */
public record PlayoutStats(
    long totalSamplesReceived,
    long concealedSamples,
    long silentConcealedSamples,
    long concealmentEvents,
    long fecRecoveredFrames,
    long insertedSamplesForDeceleration,
    long removedSamplesForAcceleration,
    double jitterBufferDelay,
    long jitterBufferEmittedCount,
    double jitterBufferTargetDelay,
    long totalSamplesPlayed,
    long decodeErrors,
    AdaptiveJitterBufferStats buffer) {

  /** Mean time a played sample spent in the buffer, in milliseconds (0 before any). */
  public double meanJitterBufferDelayMillis() {
    return jitterBufferEmittedCount == 0 ? 0 : 1000 * jitterBufferDelay / jitterBufferEmittedCount;
  }
}
