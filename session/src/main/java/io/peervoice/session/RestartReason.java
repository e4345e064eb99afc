package io.peervoice.session;

/** Why a call's media asks for an ICE restart (RFC 8445 §9). */
public enum RestartReason {
  /** The peer stopped answering consent checks (RFC 7675 §5.1): the path is disconnected. */
  CONSENT_LOST,
  /** A local address appeared or went away: a better or the only working path may be new. */
  NETWORK_CHANGED
}
