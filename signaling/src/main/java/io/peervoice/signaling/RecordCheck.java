package io.peervoice.signaling;

/** The outcome of checking a {@link LocationRecord} before it may create or replace state. */
public enum RecordCheck {
  VALID,
  /** The signature does not verify with the record's own signing key. */
  BAD_SIGNATURE,
  /** The peer id is not derived from the record's signing key. */
  WRONG_PEER_ID,
  /** The record's expiry has passed. */
  EXPIRED,
  /** The expiry is further ahead than a node accepts. */
  EXPIRES_TOO_LATE,
  /** A record with this or a higher sequence number is already held. */
  NOT_NEWER,
  /** The record's bytes do not decode. */
  MALFORMED
}
