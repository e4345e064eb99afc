package io.peervoice.signaling;

/** A message to a peer could not be delivered; {@link #reason()} says at which step. */
public final class DeliveryException extends Exception {

  /** Why delivery failed. */
  public enum Reason {
    /** The client is not attached to any rendezvous node. */
    NOT_ATTACHED,
    /** No valid, unexpired location record of the peer was found. */
    PEER_NOT_FOUND,
    /** None of the peer's nodes has it attached any more, or none answered. */
    PEER_UNREACHABLE,
    /** A node has the peer attached but the peer did not acknowledge in time. */
    PEER_TIMEOUT,
    /** A node refused: rate limit or a full table. */
    REFUSED,
    /** The message is over {@link OverlayLimits#MAX_MESSAGE} bytes. */
    TOO_LARGE,
    /** The client was closed. */
    CLOSED
  }

  private final Reason reason;

  public DeliveryException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
