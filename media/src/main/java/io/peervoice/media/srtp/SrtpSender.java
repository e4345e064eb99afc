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

  /**
   * Room past the packet that {@link #protectInPlace} and {@link #protectRtcpInPlace} may write: an
   * authentication tag of up to 16 bytes, and SRTCP's 4-byte index (RFC 3711 §3.4), with spare.
   */
  int TAIL_ROOM = 32;

  /**
   * {@link #protect}, encrypting in {@code buffer} itself and appending the tag after the packet,
   * so a sender that reuses one buffer allocates nothing per packet. {@code buffer} needs {@link
   * #TAIL_ROOM} bytes past the packet.
   *
   * @return the SRTP packet's length (it starts at {@code offset})
   * @throws IllegalArgumentException if the bytes are not RTP or the buffer lacks the room
   * @throws IllegalStateException if the sender is closed or the crypto provider fails
   */
  default int protectInPlace(byte[] buffer, int offset, int length) {
    return copyBack(protect(buffer, offset, length), buffer, offset);
  }

  /** {@link #protectInPlace} for SRTCP (RFC 3711 §3.4). */
  default int protectRtcpInPlace(byte[] buffer, int offset, int length) {
    return copyBack(protectRtcp(buffer, offset, length), buffer, offset);
  }

  private static int copyBack(byte[] packet, byte[] buffer, int offset) {
    if (packet.length > buffer.length - offset) {
      throw new IllegalArgumentException("no room for the SRTP packet's tail");
    }
    System.arraycopy(packet, 0, buffer, offset, packet.length);
    return packet.length;
  }

  SrtpProfile profile();

  @Override
  void close();
}
