package io.peervoice.media.rtp;

/**
 * Outcome of {@link RtpCodec#parse}: either a packet or a typed reason. Parsing never throws, so a
 * malformed datagram from the network becomes a counted drop, not an exception.
 */
public sealed interface RtpParseResult {

  /** The bytes held a valid RTP packet. */
  record Parsed(RtpPacket packet) implements RtpParseResult {}

  /** The bytes were rejected; {@code error} says which check failed. */
  record Malformed(RtpParseError error) implements RtpParseResult {}
}
