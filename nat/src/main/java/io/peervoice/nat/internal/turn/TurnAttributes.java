package io.peervoice.nat.internal.turn;

import io.peervoice.nat.internal.stun.StunAttribute;
import io.peervoice.nat.internal.stun.StunAttributes;
import io.peervoice.nat.internal.stun.StunFormatException;

/**
 * TURN's attribute values (RFC 8656 <a
 * href="https://www.rfc-editor.org/rfc/rfc8656#section-18">§18</a>).
 */
final class TurnAttributes {
  /** IANA protocol number of UDP, for REQUESTED-TRANSPORT (§18.7). */
  static final int UDP = 17;

  private TurnAttributes() {}

  /** REQUESTED-TRANSPORT: the protocol byte, then 3 RFFU bytes (§18.7). */
  static StunAttribute requestedTransportUdp() {
    return new StunAttribute(StunAttributes.REQUESTED_TRANSPORT, new byte[] {UDP, 0, 0, 0});
  }

  /** LIFETIME in seconds (§18.4). */
  static StunAttribute lifetime(long seconds) {
    return StunAttributes.u32(StunAttributes.LIFETIME, seconds);
  }

  /** CHANNEL-NUMBER: the number, then 2 RFFU bytes (§18.1). */
  static StunAttribute channelNumber(int channel) {
    return new StunAttribute(
        StunAttributes.CHANNEL_NUMBER, new byte[] {(byte) (channel >>> 8), (byte) channel, 0, 0});
  }

  /** DATA (§18.6): the value is the application data itself. */
  static StunAttribute data(byte[] data, int offset, int length) {
    byte[] copy = new byte[length];
    System.arraycopy(data, offset, copy, 0, length);
    return new StunAttribute(StunAttributes.DATA, copy);
  }

  /** The seconds of a LIFETIME attribute, or {@code fallback} if absent. */
  static long readLifetime(StunAttribute a, long fallback) throws StunFormatException {
    return a == null ? fallback : StunAttributes.readU32(a);
  }
}
