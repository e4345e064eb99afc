package io.peervoice.nat.internal.stun;

/**
 * Recognises the peer's nominating check (RFC 8445 <a
 * href="https://www.rfc-editor.org/rfc/rfc8445#section-7.3.1.5">§7.3.1.5</a>): a Binding request
 * with USE-CANDIDATE, USERNAME {@code localUfrag:remoteUfrag}, a MESSAGE-INTEGRITY that verifies
 * with our password, and a FINGERPRINT (§7.2.2). Anything else, malformed or unauthenticated
 * included, is not one. Only the 20-byte header is read of a datagram that is not a Binding
 * request; nothing is kept of any. Thread-safe (the HMAC is confined by a lock).
 */
public final class NominationCheck {
  private final MessageIntegrity integrity;
  private final byte[] expectedUsername;

  /** Checks against {@code credentials}: requests to us carry our ufrag first, our password. */
  public NominationCheck(IceCredentials credentials) {
    this.integrity = new MessageIntegrity(credentials.localKey());
    this.expectedUsername = credentials.incomingUsername();
  }

  /** Whether {@code data[offset, offset + length)} is an authenticated nominating check. */
  public boolean matches(byte[] data, int offset, int length) {
    DecodedStun decoded = IncomingChecks.read(data, offset, length, expectedUsername);
    if (decoded == null || !decoded.message().has(StunAttributes.USE_CANDIDATE)) {
      return false;
    }
    synchronized (integrity) {
      return integrity.verify(data, offset, decoded);
    }
  }
}
