package io.peervoice.signaling.call;

/** A call message that does not decode; the receiver drops it. */
public final class CallProtocolException extends Exception {
  public CallProtocolException(String message) {
    super(message);
  }
}
