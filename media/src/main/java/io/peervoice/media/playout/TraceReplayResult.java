package io.peervoice.media.playout;

import io.peervoice.media.audio.PcmClip;

/**
 * What a {@link TraceReplay} measured. Delays are in milliseconds on the trace's time base.
 *
 * @param meanPlayoutDelayMillis mean of play time − send time over frames played from packets
 * @param p95PlayoutDelayMillis 95th percentile of the same
 * @param meanBufferDelayMillis mean of play time − arrival time over the same frames
 * @param lateLossPercent packets that arrived after their playout time, % of received packets
 * @param concealedPercent frames produced by concealment, % of all frames played while the stream
 *     was active
 * @param fecRecovered missing frames recovered from in-band FEC
 * @param stretchPercent samples inserted plus removed by time-stretching, % of samples played
 * @param fixedDelayAtSameLateLossMillis the smallest fixed playout delay (send → play) that would
 *     have had no more late loss, chosen in hindsight: the baseline to beat
 * @param stats the engine's statistics at the end
 * @param timeline every frame played from a packet, in playout order
 * @param played everything played out
 */
public record TraceReplayResult(
    double meanPlayoutDelayMillis,
    double p95PlayoutDelayMillis,
    double meanBufferDelayMillis,
    double lateLossPercent,
    double concealedPercent,
    long fecRecovered,
    double stretchPercent,
    double fixedDelayAtSameLateLossMillis,
    PlayoutStats stats,
    java.util.List<FrameTiming> timeline,
    PcmClip played) {

  /** When one frame was sent, arrived and started to play, in trace milliseconds. */
  public record FrameTiming(int frame, double sendMillis, double arrivalMillis, double playMillis) {

    public double bufferDelayMillis() {
      return playMillis - arrivalMillis;
    }
  }
}
