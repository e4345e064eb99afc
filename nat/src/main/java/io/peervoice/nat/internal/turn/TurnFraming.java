package io.peervoice.nat.internal.turn;

import io.peervoice.nat.internal.stun.StunCodec;
import io.peervoice.natives.StreamFraming;

/**
 * Frames of TURN over a TCP or TLS stream (RFC 8656 <a
 * href="https://www.rfc-editor.org/rfc/rfc8656#section-12.5">§12.5</a>): STUN messages and
 * ChannelData messages follow each other with no extra framing, each self-delimiting. A STUN
 * message (first two bits 00) is its 20-byte header plus the header's length (a multiple of 4, RFC
 * 8489 §5); a ChannelData message (first byte 0x40-0x4F: channel numbers 0x4000-0x4FFF, §12) is its
 * 4-byte header plus its length, padded to a multiple of 4 over a stream (§12.5: "MUST be padded"
 * over TCP). This is <em>not</em> RFC 4571's 16-bit length prefix, which TURN does not use.
 * Anything else, a STUN header without the magic cookie, or a frame longer than {@link #MAX_FRAME}
 * corrupts the stream.
 */
public final class TurnFraming implements StreamFraming {
  /** The longest frame accepted: a 20-byte STUN header and a 16-bit length. */
  public static final int MAX_FRAME = 20 + 0xFFFF;

  /** The one instance: the framing is stateless. */
  public static final TurnFraming INSTANCE = new TurnFraming();

  private TurnFraming() {}

  @Override
  public int frameLength(byte[] buf, int offset, int available) {
    if (available < 1) {
      return 0;
    }
    int first = buf[offset] & 0xFF;
    int length;
    if ((first & 0xC0) == 0) {
      if (available >= 8 && u32(buf, offset + 4) != StunCodec.MAGIC_COOKIE) {
        return -1;
      }
      if (available < 4) {
        return 0;
      }
      int body = u16(buf, offset + 2);
      if ((body & 3) != 0) {
        return -1;
      }
      length = 20 + body;
    } else if (first >= 0x40 && first <= 0x4F) {
      if (available < 4) {
        return 0;
      }
      length = 4 + ((u16(buf, offset + 2) + 3) & ~3);
    } else {
      return -1;
    }
    return available >= length ? length : 0;
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  private static int u32(byte[] b, int at) {
    return (u16(b, at) << 16) | u16(b, at + 2);
  }
}
