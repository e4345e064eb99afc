package io.peervoice.media.srtp;

/**
 * Protects outgoing RTP of one direction (RFC 3711 <a
 * href="https://www.rfc-editor.org/rfc/rfc3711#section-3.3">§3.3</a>). Keeps per-SSRC rollover
 * counters for the life of the session, across any change of network path. Thread-safe.
 */
public interface SrtpSender extends AutoCloseable {

  /**
   * Encrypts and authenticates one RTP packet; returns a new array holding the SRTP packet.
   *
   * @throws IllegalArgumentException if the bytes are not an RTP packet
   * @throws IllegalStateException if the sender is closed or the crypto provider fails
   */
  byte[] protect(byte[] rtp, int offset, int length);

  /**
   * Encrypts and authenticates one RTCP compound packet as SRTCP (RFC 3711 §3.4).
   *
   * @throws IllegalArgumentException if the bytes are not RTCP
   * @throws IllegalStateException if the sender is closed or the crypto provider fails
   */
  byte[] protectRtcp(byte[] rtcp, int offset, int length);

  SrtpProfile profile();

  @Override
  void close();
}
