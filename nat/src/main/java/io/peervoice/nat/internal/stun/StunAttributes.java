package io.peervoice.nat.internal.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.IntPredicate;

/**
 * Attribute types and their typed values: RFC 8489 <a
 * href="https://www.rfc-editor.org/rfc/rfc8489#section-14">§14</a> (STUN), RFC 8445 <a
 * href="https://www.rfc-editor.org/rfc/rfc8445#section-16.1">§16.1</a> (ICE). Readers throw {@link
 * StunFormatException} for a value of the wrong size or content.
 */
public final class StunAttributes {
  public static final int MAPPED_ADDRESS = 0x0001;
  public static final int USERNAME = 0x0006;
  public static final int MESSAGE_INTEGRITY = 0x0008;
  public static final int ERROR_CODE = 0x0009;
  public static final int UNKNOWN_ATTRIBUTES = 0x000A;
  public static final int REALM = 0x0014;
  public static final int NONCE = 0x0015;
  public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
  public static final int XOR_MAPPED_ADDRESS = 0x0020;
  public static final int PRIORITY = 0x0024;
  public static final int USE_CANDIDATE = 0x0025;
  public static final int SOFTWARE = 0x8022;
  public static final int ALTERNATE_SERVER = 0x8023;
  public static final int FINGERPRINT = 0x8028;
  public static final int ICE_CONTROLLED = 0x8029;
  public static final int ICE_CONTROLLING = 0x802A;

  /** USERNAME is at most 513 bytes (§14.3). */
  public static final int MAX_USERNAME = 513;

  /** The ERROR-CODE reason phrase is at most 763 bytes (§14.8). */
  public static final int MAX_REASON = 763;

  /**
   * The comprehension-required types an ICE agent understands (STUN's own and ICE's); a TURN client
   * passes its own set to {@link StunCodec#decode}.
   */
  public static final IntPredicate ICE_UNDERSTOOD =
      t ->
          t == MAPPED_ADDRESS
              || t == USERNAME
              || t == MESSAGE_INTEGRITY
              || t == ERROR_CODE
              || t == UNKNOWN_ATTRIBUTES
              || t == REALM
              || t == NONCE
              || t == XOR_MAPPED_ADDRESS
              || t == PRIORITY
              || t == USE_CANDIDATE;

  private StunAttributes() {}

  /** XOR-MAPPED-ADDRESS (or any XOR address attribute) of {@code address} (§14.2). */
  public static StunAttribute xorAddress(int type, InetSocketAddress address, byte[] tid) {
    byte[] ip = address.getAddress().getAddress();
    byte[] value = new byte[4 + ip.length];
    value[1] = (byte) (ip.length == 4 ? 1 : 2);
    int port = address.getPort() ^ (StunCodec.MAGIC_COOKIE >>> 16);
    value[2] = (byte) (port >>> 8);
    value[3] = (byte) port;
    for (int i = 0; i < ip.length; i++) {
      value[4 + i] = (byte) (ip[i] ^ mask(i, tid));
    }
    return new StunAttribute(type, value);
  }

  /** The address in an XOR address attribute (§14.2): family 1 (IPv4) or 2 (IPv6). */
  public static InetSocketAddress readXorAddress(StunAttribute attribute, byte[] tid)
      throws StunFormatException {
    byte[] v = attribute.value();
    int family = v.length >= 4 ? v[1] : 0;
    if (v.length != (family == 1 ? 8 : 20) || (family != 1 && family != 2)) {
      throw new StunFormatException("bad XOR address family or length");
    }
    int port = (((v[2] & 0xFF) << 8) | (v[3] & 0xFF)) ^ (StunCodec.MAGIC_COOKIE >>> 16);
    byte[] ip = new byte[v.length - 4];
    for (int i = 0; i < ip.length; i++) {
      ip[i] = (byte) (v[4 + i] ^ mask(i, tid));
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    } catch (UnknownHostException e) {
      throw new StunFormatException("bad address length"); // unreachable: 4 or 16 bytes
    }
  }

  private static int mask(int i, byte[] tid) {
    return i < 4 ? (StunCodec.MAGIC_COOKIE >>> (24 - 8 * i)) & 0xFF : tid[i - 4] & 0xFF;
  }

  /** A 32-bit unsigned value, e.g. PRIORITY (RFC 8445 §16.1). */
  public static StunAttribute u32(int type, long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("not a 32-bit unsigned value: " + value);
    }
    return new StunAttribute(type, ByteBuffer.allocate(4).putInt((int) value).array());
  }

  /** The value of a 32-bit attribute. */
  public static long readU32(StunAttribute attribute) throws StunFormatException {
    if (attribute.value().length != 4) {
      throw new StunFormatException("32-bit attribute of length " + attribute.value().length);
    }
    return ByteBuffer.wrap(attribute.value()).getInt() & 0xFFFF_FFFFL;
  }

  /** A 64-bit value, e.g. ICE-CONTROLLING's tie-breaker (RFC 8445 §16.1). */
  public static StunAttribute u64(int type, long value) {
    return new StunAttribute(type, ByteBuffer.allocate(8).putLong(value).array());
  }

  /** The value of a 64-bit attribute. */
  public static long readU64(StunAttribute attribute) throws StunFormatException {
    if (attribute.value().length != 8) {
      throw new StunFormatException("64-bit attribute of length " + attribute.value().length);
    }
    return ByteBuffer.wrap(attribute.value()).getLong();
  }

  /** An attribute without a value, e.g. USE-CANDIDATE. */
  public static StunAttribute flag(int type) {
    return new StunAttribute(type, new byte[0]);
  }

  /** USERNAME (§14.3), at most {@link #MAX_USERNAME} bytes of UTF-8. */
  public static StunAttribute username(byte[] utf8) {
    if (utf8.length > MAX_USERNAME) {
      throw new IllegalArgumentException("USERNAME longer than 513 bytes");
    }
    return new StunAttribute(USERNAME, utf8.clone());
  }

  /** ERROR-CODE (§14.8): a code 300..699 and a reason phrase. */
  public static StunAttribute errorCode(int code, String reason) {
    if (code < 300 || code > 699) {
      throw new IllegalArgumentException("error code out of 300..699: " + code);
    }
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    if (text.length > MAX_REASON) {
      throw new IllegalArgumentException("reason phrase longer than 763 bytes");
    }
    ByteBuffer b = ByteBuffer.allocate(4 + text.length);
    b.putShort((short) 0).put((byte) (code / 100)).put((byte) (code % 100)).put(text);
    return new StunAttribute(ERROR_CODE, b.array());
  }

  /** The code in an ERROR-CODE attribute (class * 100 + number), 300..699. */
  public static int readErrorCode(StunAttribute attribute) throws StunFormatException {
    byte[] v = attribute.value();
    if (v.length < 4 || v.length > 4 + MAX_REASON) {
      throw new StunFormatException("ERROR-CODE of length " + v.length);
    }
    int cls = v[2] & 0x07;
    int number = v[3] & 0xFF;
    if (cls < 3 || cls > 6 || number > 99) {
      throw new StunFormatException("ERROR-CODE out of range");
    }
    return cls * 100 + number;
  }

  /** The reason phrase of an ERROR-CODE attribute (malformed UTF-8 is replaced, never thrown). */
  public static String readErrorReason(StunAttribute attribute) throws StunFormatException {
    readErrorCode(attribute);
    byte[] v = attribute.value();
    return new String(v, 4, v.length - 4, StandardCharsets.UTF_8);
  }
}
