package io.peervoice.nat;

/**
 * Receives local candidates as they are found (trickle ICE, RFC 8838), on the session's scheduler,
 * never on ice4j's threads. Send each to the peer as it comes; {@link #onEndOfCandidates()} is the
 * end-of-candidates indication.
 */
public interface TrickleListener {

  void onCandidate(IceCandidate candidate);

  void onEndOfCandidates();
}
