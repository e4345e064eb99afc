package io.peervoice.media.srtp.internal;

/** Reads and bounds checks on SRTP and SRTCP packets in a caller's array. */
final class SrtpBytes {
  private SrtpBytes() {}

  /**
   * Refuses, before any byte or counter changes, a packet whose buffer lacks room for what protect
   * appends ({@code tail} bytes: the tag, and for SRTCP the E flag and index, RFC 3711 §3.4; no
   * MKI): a transform that ran out of room would leave the caller's bytes encrypted without their
   * tag and the context's index spent.
   */
  static void requireTail(byte[] b, int offset, int length, int tail) {
    if (tail > b.length - offset - length) {
      throw new IllegalArgumentException(
          "no room for the SRTP packet's tail: " + tail + " bytes past " + length + " needed");
    }
  }

  /** The SSRC of an RTP packet: bytes 8-11 (RFC 3550 §5.1). */
  static int ssrcOf(byte[] b, int offset) {
    return readInt(b, offset + 8);
  }

  /** The sender SSRC of an RTCP packet: bytes 4-7 (RFC 3550 §6.4), in the clear in SRTCP. */
  static int rtcpSsrcOf(byte[] b, int offset) {
    return readInt(b, offset + 4);
  }

  static int readInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }
}
