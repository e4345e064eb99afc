package io.peervoice.nat.internal.stun;

import java.util.Arrays;

/**
 * Reads a connectivity check sent to us (RFC 8445 <a
 * href="https://www.rfc-editor.org/rfc/rfc8445#section-7.2.2">§7.2.2</a>): a Binding request with a
 * FINGERPRINT, USERNAME {@code localUfrag:remoteUfrag} and a MESSAGE-INTEGRITY, which the caller
 * still verifies with our password. Only the 20-byte header is read of a datagram that is not a
 * Binding request.
 */
final class IncomingChecks {
  private static final int BINDING_REQUEST =
      StunMessage.type(StunMessage.BINDING, StunClass.REQUEST);

  private IncomingChecks() {}

  /**
   * The check in {@code data[offset, offset + length)} carrying {@code expectedUsername}, decoded
   * (its MESSAGE-INTEGRITY not yet verified), or null if it is none.
   */
  static DecodedStun read(byte[] data, int offset, int length, byte[] expectedUsername) {
    if (StunCodec.typeOf(data, offset, length) != BINDING_REQUEST) {
      return null;
    }
    DecodedStun decoded;
    try {
      decoded = StunCodec.decode(data, offset, length, StunAttributes.ICE_UNDERSTOOD);
    } catch (StunFormatException e) {
      return null;
    }
    StunAttribute username = decoded.message().first(StunAttributes.USERNAME);
    boolean ours =
        decoded.fingerprint()
            && decoded.hasIntegrity()
            && username != null
            && Arrays.equals(username.value(), expectedUsername);
    return ours ? decoded : null;
  }
}
