package io.peervoice.nat.internal.turn;

/**
 * A TURN client's refresh counts, for tests and reports.
 *
 * @param refreshes allocation refreshes granted (RFC 8656 §8)
 * @param permissionRefreshes permission refreshes granted, not counting first grants (§9)
 * @param channelRefreshes channel binding refreshes granted, not counting first bindings (§12)
 * @param pendingRequests requests awaiting their response
 * @param nonceRenewals nonces renewed after a 438 Stale Nonce (RFC 8489 §9.2.5)
 */
record TurnCounters(
    long refreshes,
    long permissionRefreshes,
    long channelRefreshes,
    int pendingRequests,
    long nonceRenewals) {}
