package io.peervoice.nat.internal.stun;

/**
 * Bytes that are not a STUN message we accept (RFC 8489 <a
 * href="https://www.rfc-editor.org/rfc/rfc8489#section-6.3">§6.3</a>): a bad header, length,
 * attribute layout, FINGERPRINT, or an attribute value of the wrong size. Carries no stack trace:
 * hostile datagrams are cheap to reject.
 */
public final class StunFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public StunFormatException(String message) {
    super(message, null, false, false);
  }
}
