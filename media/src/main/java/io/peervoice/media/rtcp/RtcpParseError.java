package io.peervoice.media.rtcp;

/** Why bytes could not be read as compound RTCP (RFC 3550 §6.1, §A.2 validity checks). */
public enum RtcpParseError {
  /** Shorter than a 4-byte header, or a length field past the end. */
  TRUNCATED,
  /** The version is not 2. */
  BAD_VERSION,
  /** A compound packet must start with an SR or RR. */
  NOT_A_REPORT_FIRST,
  /** A packet's body is too short for what its header announces. */
  BAD_LENGTH,
  /** Padding on other than the last packet, or a bad padding count. */
  BAD_PADDING
}
