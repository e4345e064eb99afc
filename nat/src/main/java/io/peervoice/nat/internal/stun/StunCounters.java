package io.peervoice.nat.internal.stun;

/**
 * The counters behind {@link DirectStunStats}: written by the one thread that runs the STUN code,
 * read from any thread (volatile, single writer).
 */
final class StunCounters {
  volatile long consentRequestsSent;
  volatile long consentResponses;
  volatile long consentErrorResponses;
  volatile long requestsAnswered;
  volatile long droppedMalformed;
  volatile long droppedUnauthenticated;
  volatile long droppedUnexpected;

  DirectStunStats snapshot() {
    return new DirectStunStats(
        consentRequestsSent,
        consentResponses,
        consentErrorResponses,
        requestsAnswered,
        droppedMalformed,
        droppedUnauthenticated,
        droppedUnexpected);
  }
}
