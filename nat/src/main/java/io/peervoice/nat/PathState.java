package io.peervoice.nat;

/**
 * The state of a media path, from consent freshness (RFC 7675): the peer keeps answering STUN
 * consent checks on the selected pair, or it does not.
 */
public enum PathState {
  /** Consent is fresh. */
  CONNECTED,
  /** No consent for a while: media may not be getting through; may recover. */
  DISCONNECTED,
  /** Consent expired (RFC 7675 §5.1: 30 s): the path is dead; restart ICE or hang up. */
  FAILED,
  /** Closed locally. */
  CLOSED
}
