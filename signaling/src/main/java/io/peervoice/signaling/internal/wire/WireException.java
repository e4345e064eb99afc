package io.peervoice.signaling.internal.wire;

/** A datagram that is not a well-formed overlay message; the receiver counts and drops it. */
public final class WireException extends Exception {
  public WireException(String message) {
    super(message);
  }

  public WireException(String message, Throwable cause) {
    super(message, cause);
  }
}
