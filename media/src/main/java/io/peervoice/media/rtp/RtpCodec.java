package io.peervoice.media.rtp;

import java.util.Optional;

/**
 * Reads and writes RTP packets (RFC 3550 <a
 * href="https://www.rfc-editor.org/rfc/rfc3550#section-5.1">§5.1</a>, header extension §5.3.1,
 * padding §5.1 "P"). Stateless and thread-safe.
 */
public final class RtpCodec {

  private RtpCodec() {}

  /**
   * Parses {@code length} bytes of {@code buf} from {@code offset}. Never throws for any input,
   * including offsets outside the buffer.
   */
  public static RtpParseResult parse(byte[] buf, int offset, int length) {
    RtpView view = new RtpView();
    RtpParseError error = view.wrap(buf, offset, length);
    if (error != null) {
      return new RtpParseResult.Malformed(error);
    }
    int[] csrcs = new int[view.csrcCount()];
    for (int i = 0; i < csrcs.length; i++) {
      csrcs[i] = view.csrc(i);
    }
    RtpHeaderExtension extension = null;
    int at = view.extensionOffset();
    if (at >= 0) {
      byte[] data = new byte[4 * readShort(buf, at + 2)];
      System.arraycopy(buf, at + 4, data, 0, data.length);
      extension = new RtpHeaderExtension(readShort(buf, at), data);
    }
    return new RtpParseResult.Parsed(
        new RtpPacket(
            view.marker(),
            view.payloadType(),
            view.sequenceNumber(),
            view.timestamp(),
            view.ssrc(),
            csrcs,
            Optional.ofNullable(extension),
            view.payloadCopy(),
            view.paddingLength()));
  }

  /** Parses a whole array; see {@link #parse(byte[], int, int)}. */
  public static RtpParseResult parse(byte[] buf) {
    return parse(buf, 0, buf == null ? 0 : buf.length);
  }

  /** Serializes {@code packet} into a new array of exactly {@link RtpPacket#serializedLength()}. */
  public static byte[] serialize(RtpPacket packet) {
    byte[] out = new byte[packet.serializedLength()];
    write(packet, out, 0);
    return out;
  }

  /**
   * Writes {@code packet} into {@code dst} at {@code offset}; returns the number of bytes written.
   * Padding octets are zero except the last, which holds the count.
   *
   * @throws IndexOutOfBoundsException if {@code dst} is too small
   */
  public static int write(RtpPacket packet, byte[] dst, int offset) {
    int length = packet.serializedLength();
    if (offset < 0 || offset > dst.length - length) {
      throw new IndexOutOfBoundsException(
          "need " + length + " bytes at " + offset + " in a buffer of " + dst.length);
    }
    int[] csrcs = packet.rawCsrcs();
    Optional<RtpHeaderExtension> extension = packet.extension();
    dst[offset] =
        (byte)
            ((RtpPacket.VERSION << 6)
                | (packet.paddingLength() > 0 ? 0x20 : 0)
                | (extension.isPresent() ? 0x10 : 0)
                | csrcs.length);
    dst[offset + 1] = (byte) ((packet.marker() ? 0x80 : 0) | packet.payloadType());
    writeShort(dst, offset + 2, packet.sequenceNumber());
    writeInt(dst, offset + 4, (int) packet.timestamp());
    writeInt(dst, offset + 8, packet.ssrc());
    int pos = offset + RtpPacket.FIXED_HEADER_SIZE;
    for (int csrc : csrcs) {
      writeInt(dst, pos, csrc);
      pos += 4;
    }
    if (extension.isPresent()) {
      byte[] data = extension.get().rawData();
      writeShort(dst, pos, extension.get().profile());
      writeShort(dst, pos + 2, data.length / 4);
      System.arraycopy(data, 0, dst, pos + 4, data.length);
      pos += 4 + data.length;
    }
    byte[] payload = packet.rawPayload();
    System.arraycopy(payload, 0, dst, pos, payload.length);
    pos += payload.length;
    if (packet.paddingLength() > 0) {
      java.util.Arrays.fill(dst, pos, pos + packet.paddingLength() - 1, (byte) 0);
      pos += packet.paddingLength();
      dst[pos - 1] = (byte) packet.paddingLength();
    }
    return length;
  }

  /**
   * Writes the fixed 12-byte header of a packet without CSRCs, extension or padding (RFC 3550 §5.1)
   * into {@code dst} at {@code offset}, as {@link #write} would for such a packet: a sender that
   * builds packets in a buffer of its own allocates nothing per packet.
   *
   * @return {@link RtpPacket#FIXED_HEADER_SIZE}
   * @throws IndexOutOfBoundsException if {@code dst} is too small
   */
  public static int writeHeader(
      byte[] dst,
      int offset,
      boolean marker,
      int payloadType,
      int sequenceNumber,
      long timestamp,
      int ssrc) {
    java.util.Objects.checkFromIndexSize(offset, RtpPacket.FIXED_HEADER_SIZE, dst.length);
    dst[offset] = (byte) (RtpPacket.VERSION << 6);
    dst[offset + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
    writeShort(dst, offset + 2, sequenceNumber);
    writeInt(dst, offset + 4, (int) timestamp);
    writeInt(dst, offset + 8, ssrc);
    return RtpPacket.FIXED_HEADER_SIZE;
  }

  static int readShort(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }

  static int readInt(byte[] b, int i) {
    return ((b[i] & 0xFF) << 24)
        | ((b[i + 1] & 0xFF) << 16)
        | ((b[i + 2] & 0xFF) << 8)
        | (b[i + 3] & 0xFF);
  }

  private static void writeShort(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 8);
    b[i + 1] = (byte) v;
  }

  private static void writeInt(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }
}
