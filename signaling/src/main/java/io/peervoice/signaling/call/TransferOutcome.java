package io.peervoice.signaling.call;

/**
 * How a transfer request went, as the transferee reports it ({@link CallMessage.TransferStatus},
 * {@code docs/transfer.md}). The wire carries the ordinal: new values go at the end only.
 */
public enum TransferOutcome {
  /** The transferee accepted and is calling the target. */
  ACCEPTED,
  /** The target's phone rings: a blind transfer is complete, the transferor drops out. */
  RINGING,
  /** The target answered (an attended transfer's replacing call is connected). */
  ANSWERED,
  /** The transferee's policy does not allow it (or the request was malformed). */
  REFUSED,
  /** The call to the target failed; the reason says why. The original call goes on. */
  FAILED;

  /** Whether the transfer went through: the transferor drops out. */
  public boolean completed() {
    return this == RINGING || this == ANSWERED;
  }
}
