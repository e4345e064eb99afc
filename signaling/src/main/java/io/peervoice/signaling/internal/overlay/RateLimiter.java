package io.peervoice.signaling.internal.overlay;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A token bucket per source {@link IpPrefix} (IPv4 /32, IPv6 /64, across all ports): {@code rate}
 * requests per second with bursts of {@code burst}. Remembers at most {@code maxSources} prefixes
 * (least recently seen forgotten first), so a flood from many addresses costs bounded memory.
 */
final class RateLimiter {
  private static final class Bucket {
    double tokens;
    long lastMillis;
  }

  private final double ratePerMilli;
  private final double burst;
  private final Map<IpPrefix, Bucket> buckets;

  RateLimiter(double ratePerSecond, double burst, int maxSources) {
    this.ratePerMilli = ratePerSecond / 1000.0;
    this.burst = burst;
    this.buckets = BoundedMaps.leastRecentlyUsed(maxSources);
  }

  /**
   * Forgets the prefixes whose buckets have refilled (silent for {@code burst / rate}): a full
   * bucket is what a prefix not seen yet gets, so this changes no answer, and the table holds only
   * the prefixes heard from in the last few seconds instead of up to {@code maxSources}.
   */
  void sweep(long nowMillis) {
    long refill = (long) Math.ceil(burst / ratePerMilli);
    for (var it = buckets.values().iterator(); it.hasNext(); ) {
      if (nowMillis - it.next().lastMillis < refill) {
        return;
      }
      it.remove();
    }
  }

  /** Prefixes remembered now. */
  int size() {
    return buckets.size();
  }

  /** Takes one token for {@code source}'s prefix; false if it has none left. */
  boolean allow(InetSocketAddress source, long nowMillis) {
    return allow(IpPrefix.of(source), nowMillis);
  }

  /** Takes one token for {@code prefix}; false if it has none left. */
  boolean allow(IpPrefix prefix, long nowMillis) {
    Bucket b = buckets.get(prefix);
    if (b == null) {
      b = new Bucket();
      b.tokens = burst;
      b.lastMillis = nowMillis;
      buckets.put(prefix, b);
    }
    b.tokens = Math.min(burst, b.tokens + (nowMillis - b.lastMillis) * ratePerMilli);
    b.lastMillis = nowMillis;
    if (b.tokens < 1) {
      return false;
    }
    b.tokens -= 1;
    return true;
  }
}
