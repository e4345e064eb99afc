package io.peervoice.nat.internal.stun;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.zip.CRC32;

/**
 * STUN message encoding and strict decoding (RFC 8489 <a
 * href="https://www.rfc-editor.org/rfc/rfc8489#section-5">§5</a>, <a
 * href="https://www.rfc-editor.org/rfc/rfc8489#section-14">§14</a>). Decoding never reads past the
 * given range, allocates at most the attributes' values plus a bounded overhead ({@link
 * #MAX_ATTRIBUTES}), and rejects with {@link StunFormatException}: a header without the magic
 * cookie or top bits, a length that is not the datagram's or not a multiple of 4, an attribute
 * running past the end, an unknown comprehension-required attribute, a MESSAGE-INTEGRITY or
 * FINGERPRINT of the wrong size, a wrong FINGERPRINT, anything after FINGERPRINT, or more than
 * {@link #MAX_ATTRIBUTES} attributes. Attributes after MESSAGE-INTEGRITY are ignored except
 * FINGERPRINT (§14.5). Stateless and thread-safe.
 */
public final class StunCodec {
  /** The magic cookie (§5). */
  public static final int MAGIC_COOKIE = 0x2112A442;

  /** FINGERPRINT's CRC-32 is XORed with this (§14.7). */
  public static final int FINGERPRINT_XOR = 0x5354554e;

  /** The most attributes a message we accept may carry before MESSAGE-INTEGRITY. */
  public static final int MAX_ATTRIBUTES = 32;

  private static final int HEADER = 20;

  private StunCodec() {}

  /**
   * Whether {@code length} bytes at {@code offset} look like STUN (§5 and RFC 7983 §7): at least a
   * header, the two top bits zero, the magic cookie, a length field matching the datagram. Cheap:
   * for telling STUN from RTP/RTCP on a media socket; {@link #decode} does the real checking.
   */
  public static boolean isStun(byte[] data, int offset, int length) {
    return length >= HEADER
        && (data[offset] & 0xC0) == 0
        && u32(data, offset + 4) == MAGIC_COOKIE
        && u16(data, offset + 2) + HEADER == length;
  }

  /**
   * The message type (§5: 0x0001 a Binding request, 0x0101 its success response) of a datagram with
   * a STUN header (the two top bits zero, the magic cookie), else -1. Cheap, for taps on a media
   * socket; the length field is not checked.
   */
  public static int typeOf(byte[] data, int offset, int length) {
    return length >= HEADER && (data[offset] & 0xC0) == 0 && u32(data, offset + 4) == MAGIC_COOKIE
        ? u16(data, offset)
        : -1;
  }

  /**
   * Decodes one message, understanding the comprehension-required attribute types {@code
   * understood} accepts (plus MESSAGE-INTEGRITY and FINGERPRINT). Does not check MESSAGE-INTEGRITY
   * (that needs the key: {@link MessageIntegrity#verify}).
   *
   * @throws StunFormatException if the bytes are not a message this accepts (see the class doc)
   * @throws IndexOutOfBoundsException if the range is not inside {@code data}
   */
  public static DecodedStun decode(byte[] data, int offset, int length, IntPredicate understood)
      throws StunFormatException {
    Objects.checkFromIndexSize(offset, length, data.length);
    if (length < HEADER) {
      throw new StunFormatException("shorter than a STUN header");
    }
    if ((data[offset] & 0xC0) != 0 || u32(data, offset + 4) != MAGIC_COOKIE) {
      throw new StunFormatException("no STUN header");
    }
    int bodyLength = u16(data, offset + 2);
    if (bodyLength + HEADER != length || (bodyLength & 3) != 0) {
      throw new StunFormatException("length field does not match the datagram");
    }
    int type = u16(data, offset);
    byte[] tid = Arrays.copyOfRange(data, offset + 8, offset + HEADER);
    List<StunAttribute> attributes = new ArrayList<>(4);
    int integrityAt = -1;
    boolean fingerprint = false;
    int end = offset + length;
    int pos = offset + HEADER;
    while (pos < end) {
      if (fingerprint) {
        throw new StunFormatException("attribute after FINGERPRINT");
      }
      int attrType = u16(data, pos);
      int attrLength = u16(data, pos + 2);
      int padded = (attrLength + 3) & ~3;
      if (padded > end - pos - 4) {
        throw new StunFormatException("attribute runs past the end");
      }
      int value = pos + 4;
      if (attrType == StunAttributes.FINGERPRINT) {
        checkFingerprint(data, offset, pos, attrLength);
        fingerprint = true;
      } else if (integrityAt >= 0) {
        // after MESSAGE-INTEGRITY: ignored (§14.5)
      } else if (attrType == StunAttributes.MESSAGE_INTEGRITY) {
        if (attrLength != 20) {
          throw new StunFormatException("MESSAGE-INTEGRITY of length " + attrLength);
        }
        integrityAt = pos - offset;
      } else {
        if (attrType < 0x8000 && !understood.test(attrType)) {
          throw new StunFormatException(
              String.format("unknown comprehension-required attribute 0x%04x", attrType));
        }
        if (attributes.size() == MAX_ATTRIBUTES) {
          throw new StunFormatException("more than " + MAX_ATTRIBUTES + " attributes");
        }
        attributes.add(
            new StunAttribute(attrType, Arrays.copyOfRange(data, value, value + attrLength)));
      }
      pos = value + padded;
    }
    return new DecodedStun(new StunMessage(type, tid, attributes), integrityAt, fingerprint);
  }

  private static void checkFingerprint(byte[] data, int offset, int at, int attrLength)
      throws StunFormatException {
    if (attrLength != 4) {
      throw new StunFormatException("FINGERPRINT of length " + attrLength);
    }
    if (u32(data, at + 4) != crc(data, offset, at - offset)) {
      throw new StunFormatException("wrong FINGERPRINT");
    }
  }

  /**
   * Encodes {@code message}, then MESSAGE-INTEGRITY with {@code integrity} (if not null), then
   * FINGERPRINT (if asked), into an array of exactly the message's size.
   */
  public static byte[] encode(
      StunMessage message, MessageIntegrity integrity, boolean fingerprint) {
    int size = HEADER;
    for (StunAttribute a : message.attributes()) {
      size += a.encodedLength();
    }
    int integrityAt = size;
    if (integrity != null) {
      size += MessageIntegrity.ENCODED_LENGTH;
    }
    int fingerprintAt = size;
    if (fingerprint) {
      size += 8;
    }
    if (size - HEADER > 0xFFFF) {
      throw new IllegalArgumentException("message longer than 65535 bytes");
    }
    byte[] out = new byte[size];
    putU16(out, 0, message.type());
    putU32(out, 4, MAGIC_COOKIE);
    System.arraycopy(message.transactionId(), 0, out, 8, 12);
    int pos = HEADER;
    for (StunAttribute a : message.attributes()) {
      putU16(out, pos, a.type());
      putU16(out, pos + 2, a.value().length);
      System.arraycopy(a.value(), 0, out, pos + 4, a.value().length);
      pos += a.encodedLength();
    }
    if (integrity != null) {
      putU16(out, 2, integrityAt + MessageIntegrity.ENCODED_LENGTH - HEADER);
      integrity.sign(out, 0, integrityAt);
    }
    putU16(out, 2, size - HEADER);
    if (fingerprint) {
      putU16(out, fingerprintAt, StunAttributes.FINGERPRINT);
      putU16(out, fingerprintAt + 2, 4);
      putU32(out, fingerprintAt + 4, crc(out, 0, fingerprintAt));
    }
    return out;
  }

  private static int crc(byte[] data, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(data, offset, length);
    return (int) crc.getValue() ^ FINGERPRINT_XOR;
  }

  static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  static int u32(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }

  private static void putU16(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
  }

  private static void putU32(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
