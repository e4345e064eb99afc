package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The sweep forgets only refilled buckets, so the limiter answers as before and holds little. */
class RateLimiterTest {

  @Test
  void sweepingRefilledBucketsChangesNoAnswer() {
    RateLimiter limiter = new RateLimiter(10, 5, 1_000);
    InetSocketAddress busy = new InetSocketAddress("10.0.0.1", 1);
    InetSocketAddress quiet = new InetSocketAddress("10.0.0.2", 1);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.allow(busy, 0)).isTrue();
    }
    assertThat(limiter.allow(busy, 0)).as("burst spent").isFalse();
    limiter.allow(quiet, 400);
    limiter.sweep(450);
    assertThat(limiter.size()).as("nothing refilled yet (5 tokens take 500 ms)").isEqualTo(2);
    limiter.sweep(500);
    assertThat(limiter.size()).as("the busy prefix refilled").isEqualTo(1);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.allow(busy, 500)).isTrue();
    }
    assertThat(limiter.allow(busy, 500)).isFalse();
    limiter.sweep(10_000);
    assertThat(limiter.size()).isZero();
  }
}
