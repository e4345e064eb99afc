package io.peervoice.nat.internal.stun;

/**
 * What {@link StunCodec#decode} found in a datagram.
 *
 * @param message the content: attributes before MESSAGE-INTEGRITY (all of them if there is none)
 * @param integrityOffset where MESSAGE-INTEGRITY starts, counted from the message's first byte, or
 *     -1 if absent; check it with {@link MessageIntegrity#verify}
 * @param fingerprint whether a FINGERPRINT was present (it was checked: a wrong one is rejected)
 */
public record DecodedStun(StunMessage message, int integrityOffset, boolean fingerprint) {

  /** Whether the message carries MESSAGE-INTEGRITY (not yet checked). */
  public boolean hasIntegrity() {
    return integrityOffset >= 0;
  }
}
