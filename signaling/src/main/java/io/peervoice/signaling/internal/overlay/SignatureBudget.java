package io.peervoice.signaling.internal.overlay;

import java.net.InetSocketAddress;

/**
 * How many Ed25519 operations (signing a node proof, checking an attach signature) a node does on
 * behalf of others: a token bucket per source {@link IpPrefix} and one for everyone together, so
 * neither one proven source flooding PINGs with nonces nor many sources at once can fill the event
 * loop with signatures (about 1 ms each). Single-threaded.
 */
final class SignatureBudget {
  private static final IpPrefix EVERYONE = new IpPrefix(-1, true);

  private final RateLimiter perSource;
  private final RateLimiter overall;

  SignatureBudget(double perSourcePerSecond, double overallPerSecond, int maxSources) {
    this.perSource = new RateLimiter(perSourcePerSecond, perSourcePerSecond * 2, maxSources);
    this.overall = new RateLimiter(overallPerSecond, overallPerSecond * 2, 1);
  }

  /** Forgets the sources whose budget has refilled (see {@link RateLimiter#sweep}). */
  void sweep(long nowMillis) {
    perSource.sweep(nowMillis);
  }

  /** Takes one signature for {@code source}; false if its budget or the node's is spent. */
  boolean take(InetSocketAddress source, long nowMillis) {
    return perSource.allow(source, nowMillis) && overall.allow(EVERYONE, nowMillis);
  }
}
