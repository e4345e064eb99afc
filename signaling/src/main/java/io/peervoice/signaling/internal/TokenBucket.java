package io.peervoice.signaling.internal;

/**
 * A token bucket (burst {@code capacity}, refilled at {@code capacity} per {@code periodNanos}) on
 * a clock the caller passes in (nanoseconds). Not thread-safe. Used by {@link
 * io.peervoice.signaling.call.CallAdmission} for its invite and refusal rates.
 */
public final class TokenBucket {
  private final int capacity;
  private final double perNano;
  private double tokens;
  private long lastNanos;

  public TokenBucket(int capacity, long periodNanos, long nowNanos) {
    this.capacity = capacity;
    this.perNano = (double) capacity / periodNanos;
    this.tokens = capacity;
    this.lastNanos = nowNanos;
  }

  /** Takes a token if there is one. */
  public boolean take(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Whether a token could be taken now (none is). */
  public boolean available(long nowNanos) {
    refill(nowNanos);
    return tokens >= 1;
  }

  /** Whether the bucket has refilled completely (its owner has been idle long enough). */
  public boolean full(long nowNanos) {
    refill(nowNanos);
    return tokens >= capacity;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * perNano);
      lastNanos = nowNanos;
    }
  }
}
