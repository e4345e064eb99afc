package io.peervoice.nat.internal.stun;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One STUN attribute as it is on the wire without its padding (RFC 8489 <a
 * href="https://www.rfc-editor.org/rfc/rfc8489#section-14">§14</a>). Typed values are read and made
 * by {@link StunAttributes}. The value array is owned by the attribute: the canonical constructor
 * copies nothing, so do not change an array after handing it over.
 *
 * @param type attribute type, 0..0xFFFF (below 0x8000: comprehension-required)
 * @param value the value, at most {@link #MAX_VALUE} bytes
 */
public record StunAttribute(int type, byte[] value) {
  /** The largest value that fits a message whose length field is 16 bits. */
  public static final int MAX_VALUE = 0xFFFF - 4 - 20;

  public StunAttribute {
    if (type < 0 || type > 0xFFFF) {
      throw new IllegalArgumentException("attribute type out of range: " + type);
    }
    if (value.length > MAX_VALUE) {
      throw new IllegalArgumentException("attribute value too long: " + value.length);
    }
  }

  /** Whether an agent that does not know this type must reject the message (§14). */
  public boolean comprehensionRequired() {
    return type < 0x8000;
  }

  /** Bytes on the wire: header, value and padding to a multiple of 4. */
  public int encodedLength() {
    return 4 + ((value.length + 3) & ~3);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StunAttribute a && a.type == type && Arrays.equals(a.value, value);
  }

  @Override
  public int hashCode() {
    return 31 * type + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return String.format("0x%04x[%s]", type, HexFormat.of().formatHex(value));
  }
}
