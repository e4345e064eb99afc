package io.peervoice.nat.internal.stun;

/**
 * The class of a STUN message (RFC 8489 <a
 * href="https://www.rfc-editor.org/rfc/rfc8489#section-5">§5</a>): bits C1 (0x0100) and C0 (0x0010)
 * of the message type.
 */
public enum StunClass {
  REQUEST(0x0000),
  INDICATION(0x0010),
  SUCCESS_RESPONSE(0x0100),
  ERROR_RESPONSE(0x0110);

  private final int bits;

  StunClass(int bits) {
    this.bits = bits;
  }

  /** The C1/C0 bits of this class, to OR into a message type. */
  public int bits() {
    return bits;
  }

  /** The class of a 14-bit message type. */
  public static StunClass of(int messageType) {
    return switch (messageType & 0x0110) {
      case 0x0000 -> REQUEST;
      case 0x0010 -> INDICATION;
      case 0x0100 -> SUCCESS_RESPONSE;
      default -> ERROR_RESPONSE;
    };
  }

  /** Whether this is a success or an error response. */
  public boolean isResponse() {
    return this == SUCCESS_RESPONSE || this == ERROR_RESPONSE;
  }
}
