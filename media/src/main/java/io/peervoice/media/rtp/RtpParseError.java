package io.peervoice.media.rtp;

/** Why bytes could not be read as an RTP packet (RFC 3550 §5.1 and §A.1 validity checks). */
public enum RtpParseError {
  /** Fewer than the 12 bytes of the fixed header. */
  TRUNCATED_HEADER("shorter than the 12-byte fixed header"),
  /** The version field is not 2. */
  BAD_VERSION("version is not 2"),
  /** The CSRC list runs past the end of the packet. */
  TRUNCATED_CSRC_LIST("CSRC list runs past the end"),
  /** The header extension runs past the end of the packet. */
  TRUNCATED_EXTENSION("header extension runs past the end"),
  /** The padding count is zero or larger than what follows the header. */
  BAD_PADDING("padding count is zero or exceeds the packet"),
  /** The offset or length given do not fit the buffer. */
  BAD_BOUNDS("offset/length outside the buffer");

  private final String description;

  RtpParseError(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
