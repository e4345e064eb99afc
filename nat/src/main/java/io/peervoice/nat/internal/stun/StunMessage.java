package io.peervoice.nat.internal.stun;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A STUN message's content (RFC 8489 <a
 * href="https://www.rfc-editor.org/rfc/rfc8489#section-5">§5</a>): type, transaction id and the
 * attributes that MESSAGE-INTEGRITY covers. MESSAGE-INTEGRITY and FINGERPRINT themselves are not in
 * {@link #attributes}: {@link StunCodec} adds them when encoding and checks them when decoding (see
 * {@link DecodedStun}).
 *
 * @param type the 14-bit message type (method and class)
 * @param transactionId 12 bytes (RFC 8489's 96-bit id; the magic cookie is not part of it)
 * @param attributes in wire order
 */
public record StunMessage(int type, byte[] transactionId, List<StunAttribute> attributes) {
  /** Binding (RFC 8489 §18.2). */
  public static final int BINDING = 0x001;

  public StunMessage {
    if ((type & ~0x3FFF) != 0) {
      throw new IllegalArgumentException("message type has more than 14 bits: " + type);
    }
    if (transactionId.length != 12) {
      throw new IllegalArgumentException("transaction id must be 12 bytes");
    }
    attributes = List.copyOf(attributes);
  }

  /** A message of {@code method} and {@code cls}. */
  public static StunMessage of(
      int method, StunClass cls, byte[] transactionId, List<StunAttribute> attributes) {
    return new StunMessage(type(method, cls), transactionId, attributes);
  }

  /** The message type of a 12-bit method and a class (§5: the class bits sit between). */
  public static int type(int method, StunClass cls) {
    if ((method & ~0xFFF) != 0) {
      throw new IllegalArgumentException("method has more than 12 bits: " + method);
    }
    return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2) | cls.bits();
  }

  /** The 12-bit method. */
  public int method() {
    return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
  }

  /** The class. */
  public StunClass messageClass() {
    return StunClass.of(type);
  }

  /** The first attribute of {@code attributeType}, or null (§14: later ones may be ignored). */
  public StunAttribute first(int attributeType) {
    for (StunAttribute a : attributes) {
      if (a.type() == attributeType) {
        return a;
      }
    }
    return null;
  }

  /** Whether an attribute of {@code attributeType} is present. */
  public boolean has(int attributeType) {
    return first(attributeType) != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StunMessage m
        && m.type == type
        && Arrays.equals(m.transactionId, transactionId)
        && m.attributes.equals(attributes);
  }

  @Override
  public int hashCode() {
    return (31 * type + Arrays.hashCode(transactionId)) * 31 + attributes.hashCode();
  }

  @Override
  public String toString() {
    return String.format(
        "StunMessage[type=0x%04x, tid=%s, %s]",
        type, HexFormat.of().formatHex(transactionId), attributes);
  }
}
