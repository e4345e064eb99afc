package io.peervoice.media.stream;

/** Told of every RTP packet a stream sends or accepts, e.g. for RTCP statistics. */
@FunctionalInterface
public interface RtpObserver {

  /**
   * @param millis send or arrival time on the stream's monotonic clock
   */
  void onRtp(int ssrc, int sequenceNumber, long timestamp, int payloadBytes, double millis);

  RtpObserver NONE = (ssrc, seq, ts, bytes, millis) -> {};
}
