package io.peervoice.media.stream;

import io.peervoice.media.playout.PlayoutStats;
import io.peervoice.media.srtp.SrtpRejection;
import java.util.Map;

/**
 * Counters of an audio receive stream.
 *
 * @param packetsReceived datagrams that arrived
 * @param srtpRejected datagrams dropped by SRTP, by reason
 * @param malformedRtp datagrams that authenticated but were not valid RTP
 * @param wrongPayloadType packets of a payload type this stream neither plays nor reads as
 *     telephone events (counted as received packets of the stream, not as audio)
 * @param audioPackets packets of the audio payload type that parsed (before the jitter buffer)
 * @param dtmfPackets RFC 4733 telephone-event packets, end retransmissions included
 * @param lastAudioNanos arrival time of the last audio packet on the stream's monotonic clock, or
 *     -1
 * @param playout the playout engine's statistics (jitter buffer, decoding, concealment, stretching)
 */
public record AudioReceiveStats(
    long packetsReceived,
    Map<SrtpRejection, Long> srtpRejected,
    long malformedRtp,
    long wrongPayloadType,
    long audioPackets,
    long dtmfPackets,
    long lastAudioNanos,
    PlayoutStats playout) {

  public AudioReceiveStats {
    srtpRejected = Map.copyOf(srtpRejected);
  }

  /** All SRTP drops together. */
  public long srtpRejectedTotal() {
    return srtpRejected.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Frames decoded from received packets. */
  public long framesDecoded() {
    return playout.totalSamplesReceived() / io.peervoice.media.audio.PcmFormat.FRAME_SAMPLES;
  }

  /** Frames produced by loss concealment. */
  public long framesConcealed() {
    return playout.concealedSamples() / io.peervoice.media.audio.PcmFormat.FRAME_SAMPLES;
  }
}
