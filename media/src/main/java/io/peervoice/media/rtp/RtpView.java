package io.peervoice.media.rtp;

/**
 * A reusable, in-place view of one RTP packet (RFC 3550 <a
 * href="https://www.rfc-editor.org/rfc/rfc3550#section-5.1">§5.1</a>): {@link #wrap} checks the
 * header exactly as {@link RtpCodec#parse} does and records the fields and where the payload lies,
 * without copying or allocating anything, so a receive path can parse every packet into the one
 * view it owns. The view refers to the caller's buffer: it is valid until that buffer is reused or
 * the view is wrapped again. Not thread-safe.
 */
public final class RtpView {
  private byte[] buffer;
  private int offset;
  private boolean marker;
  private int payloadType;
  private int sequenceNumber;
  private long timestamp;
  private int ssrc;
  private int csrcCount;
  private int extensionOffset = -1;
  private int payloadOffset;
  private int payloadLength;
  private int paddingLength;

  /**
   * Parses {@code length} bytes of {@code buf} from {@code offset} into this view. Never throws for
   * any input, including offsets outside the buffer.
   *
   * @return null if the bytes hold a valid RTP packet (the view then describes it), else what was
   *     wrong (the view then describes nothing useful)
   */
  public RtpParseError wrap(byte[] buf, int offset, int length) {
    if (buf == null || offset < 0 || length < 0 || offset > buf.length - length) {
      return RtpParseError.BAD_BOUNDS;
    }
    if (length < RtpPacket.FIXED_HEADER_SIZE) {
      return RtpParseError.TRUNCATED_HEADER;
    }
    int b0 = buf[offset] & 0xFF;
    if (b0 >>> 6 != RtpPacket.VERSION) {
      return RtpParseError.BAD_VERSION;
    }
    int csrcs = b0 & 0x0F;
    int end = offset + length;
    int pos = offset + RtpPacket.FIXED_HEADER_SIZE;
    if (end - pos < 4 * csrcs) {
      return RtpParseError.TRUNCATED_CSRC_LIST;
    }
    pos += 4 * csrcs;
    int extension = -1;
    if ((b0 & 0x10) != 0) {
      if (end - pos < 4) {
        return RtpParseError.TRUNCATED_EXTENSION;
      }
      int words = RtpCodec.readShort(buf, pos + 2);
      if (end - pos - 4 < 4 * words) {
        return RtpParseError.TRUNCATED_EXTENSION;
      }
      extension = pos;
      pos += 4 + 4 * words;
    }
    int padding = 0;
    if ((b0 & 0x20) != 0) {
      padding = buf[end - 1] & 0xFF;
      if (padding == 0 || padding > end - pos) {
        return RtpParseError.BAD_PADDING;
      }
    }
    int b1 = buf[offset + 1] & 0xFF;
    this.buffer = buf;
    this.offset = offset;
    this.marker = (b1 & 0x80) != 0;
    this.payloadType = b1 & 0x7F;
    this.sequenceNumber = RtpCodec.readShort(buf, offset + 2);
    this.timestamp = RtpCodec.readInt(buf, offset + 4) & 0xFFFF_FFFFL;
    this.ssrc = RtpCodec.readInt(buf, offset + 8);
    this.csrcCount = csrcs;
    this.extensionOffset = extension;
    this.payloadOffset = pos;
    this.payloadLength = end - padding - pos;
    this.paddingLength = padding;
    return null;
  }

  /** The buffer last wrapped: the payload is {@link #payloadLength()} bytes of it. */
  public byte[] buffer() {
    return buffer;
  }

  public boolean marker() {
    return marker;
  }

  public int payloadType() {
    return payloadType;
  }

  public int sequenceNumber() {
    return sequenceNumber;
  }

  /** The 32-bit timestamp, unsigned. */
  public long timestamp() {
    return timestamp;
  }

  public int ssrc() {
    return ssrc;
  }

  public int csrcCount() {
    return csrcCount;
  }

  /** The {@code index}-th CSRC identifier. */
  public int csrc(int index) {
    java.util.Objects.checkIndex(index, csrcCount);
    return RtpCodec.readInt(buffer, offset + RtpPacket.FIXED_HEADER_SIZE + 4 * index);
  }

  /** Where the header extension starts in {@link #buffer()} (its profile field), or -1 if none. */
  public int extensionOffset() {
    return extensionOffset;
  }

  /** Where the payload starts in {@link #buffer()}. */
  public int payloadOffset() {
    return payloadOffset;
  }

  /** Payload length in bytes, without padding. */
  public int payloadLength() {
    return payloadLength;
  }

  /** Padding octets including the count octet, 0 for none. */
  public int paddingLength() {
    return paddingLength;
  }

  /** A copy of the payload. */
  public byte[] payloadCopy() {
    return java.util.Arrays.copyOfRange(buffer, payloadOffset, payloadOffset + payloadLength);
  }
}
