package io.peervoice.media.stream;

import io.peervoice.media.jitter.JitterBufferStats;
import io.peervoice.media.srtp.SrtpRejection;
import java.util.Map;

/**
 * Counters of an audio receive stream.
 *
 * @param packetsReceived datagrams that arrived
 * @param srtpRejected datagrams dropped by SRTP, by reason
 * @param malformedRtp datagrams that authenticated but were not valid RTP
 * @param wrongPayloadType packets of a payload type this stream does not play
 * @param framesDecoded frames decoded from received packets
 * @param framesConcealed frames produced by loss concealment
 * @param decodeErrors packets the decoder rejected (concealed instead)
 * @param jitterBuffer the jitter buffer's own counters
 */
public record AudioReceiveStats(
    long packetsReceived,
    Map<SrtpRejection, Long> srtpRejected,
    long malformedRtp,
    long wrongPayloadType,
    long framesDecoded,
    long framesConcealed,
    long decodeErrors,
    JitterBufferStats jitterBuffer) {

  public AudioReceiveStats {
    srtpRejected = Map.copyOf(srtpRejected);
  }

  /** All SRTP drops together. */
  public long srtpRejectedTotal() {
    return srtpRejected.values().stream().mapToLong(Long::longValue).sum();
  }
}
