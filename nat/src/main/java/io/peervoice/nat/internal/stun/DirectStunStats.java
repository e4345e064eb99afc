package io.peervoice.nat.internal.stun;

/**
 * What a {@link DirectStun} has done so far.
 *
 * @param consentRequestsSent consent Binding requests sent (RFC 7675 §5.1)
 * @param consentResponses authenticated success responses to them (each refreshed consent)
 * @param consentErrorResponses authenticated error responses to them (no consent)
 * @param requestsAnswered Binding requests answered with a success response
 * @param droppedMalformed datagrams that were not a STUN message we accept, and requests without
 *     FINGERPRINT
 * @param droppedUnauthenticated messages without a right USERNAME or MESSAGE-INTEGRITY
 * @param droppedUnexpected well-formed messages we had no use for: from another address, a response
 *     to no outstanding transaction, an indication, another method, or after stop
 */
public record DirectStunStats(
    long consentRequestsSent,
    long consentResponses,
    long consentErrorResponses,
    long requestsAnswered,
    long droppedMalformed,
    long droppedUnauthenticated,
    long droppedUnexpected) {

  /** All dropped datagrams. */
  public long dropped() {
    return droppedMalformed + droppedUnauthenticated + droppedUnexpected;
  }
}
