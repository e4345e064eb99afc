package io.peervoice.media.stream;

/** Told of every RTP packet a stream sends or accepts, e.g. for RTCP statistics. */
@FunctionalInterface
public interface RtpObserver {

  /**
   * @param millis send or arrival time on the stream's monotonic clock
   */
  void onRtp(int ssrc, int sequenceNumber, long timestamp, int payloadBytes, double millis);

  /**
   * A packet of the stream that carries no audio (an RFC 4733 telephone event, or a payload type
   * the stream does not play). It shares the stream's SSRC and sequence numbers (RFC 4733 §2.1), so
   * reception statistics count it as received; its timestamp is not a media time. Ignored by
   * default.
   */
  default void onNonAudioRtp(int ssrc, int sequenceNumber, int payloadBytes, double millis) {}

  RtpObserver NONE = (ssrc, seq, ts, bytes, millis) -> {};
}
