package io.peervoice.signaling.internal.overlay;

/** Why an overlay request ended without a usable answer (see {@link OverlayRequests}). */
enum RequestFailure {
  /** Nothing came back from the address the request went to within its timeout. */
  TIMEOUT,
  /**
   * The other side refused to prove our address: it answered a {@code HELLO} without a cookie, a
   * {@code HELLO} with the cookie without {@code OK}, or asked for a cookie again right after a
   * fresh proof (see {@link AddressProofs}).
   */
  REFUSED,
  /** Our own table of requests in flight was full: nothing was sent. Reported at once. */
  OVERLOADED,
  /** The owner closed: requests in flight are failed, and new ones fail at once. */
  CLOSED
}
