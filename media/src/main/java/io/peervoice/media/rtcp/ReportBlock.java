package io.peervoice.media.rtcp;

/**
 * A reception report block of an SR or RR (RFC 3550 <a
 * href="https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1">§6.4.1</a>).
 *
 * @param ssrc the source this block reports on
 * @param fractionLost lost/expected since the previous report, × 256 (0..255)
 * @param cumulativeLost packets lost since the start (signed 24-bit)
 * @param extendedHighestSequence cycles × 65536 + highest sequence number received
 * @param jitter interarrival jitter in RTP timestamp units
 * @param lastSr middle 32 bits of the NTP timestamp of the last SR received, 0 if none
 * @param delaySinceLastSr delay since that SR in 1/65536 s, 0 if none
 */
public record ReportBlock(
    int ssrc,
    int fractionLost,
    int cumulativeLost,
    long extendedHighestSequence,
    long jitter,
    long lastSr,
    long delaySinceLastSr) {

  public ReportBlock {
    if (fractionLost < 0 || fractionLost > 255) {
      throw new IllegalArgumentException("fraction lost must be 0..255: " + fractionLost);
    }
    if (cumulativeLost < -0x80_0000 || cumulativeLost > 0x7F_FFFF) {
      throw new IllegalArgumentException(
          "cumulative lost must be signed 24-bit: " + cumulativeLost);
    }
    for (long v : new long[] {extendedHighestSequence, jitter, lastSr, delaySinceLastSr}) {
      if (v < 0 || v > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("report block fields must be 32-bit unsigned: " + v);
      }
    }
  }

  /**
   * Round-trip time this block implies (RFC 3550 §6.4.1): arrival − LSR − DLSR, in milliseconds, or
   * -1 if the block carries no SR reference.
   *
   * @param arrivalNtpMiddle middle 32 bits of the NTP time the block arrived
   */
  public double roundTripMillis(long arrivalNtpMiddle) {
    if (lastSr == 0) {
      return -1;
    }
    long rtt = (arrivalNtpMiddle - lastSr - delaySinceLastSr) & 0xFFFF_FFFFL;
    return rtt > 0x8000_0000L ? 0 : rtt * 1000.0 / 65536;
  }
}
