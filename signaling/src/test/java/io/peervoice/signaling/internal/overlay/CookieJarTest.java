package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CookieJarTest {
  private final CookieJar jar = new CookieJar(new SplittableRandom(1)::nextBytes);
  private final InetSocketAddress source = new InetSocketAddress("192.0.2.1", 5000);

  @Test
  void aCookieIsValidOnlyForItsAddressAndForAtMostTwoMinutes() {
    long t0 = 1_000_000;
    byte[] cookie = jar.issue(source, t0);
    assertThat(cookie).hasSize(20);
    assertThat(jar.valid(cookie, source, t0)).isTrue();
    assertThat(jar.valid(cookie, new InetSocketAddress("192.0.2.1", 5001), t0)).isFalse();
    assertThat(jar.valid(cookie, new InetSocketAddress("192.0.2.2", 5000), t0)).isFalse();
    byte[] tampered = cookie.clone();
    tampered[19] ^= 1;
    assertThat(jar.valid(tampered, source, t0)).isFalse();
    assertThat(jar.valid(cookie, source, t0 + 59_000)).isTrue();
    assertThat(jar.valid(cookie, source, t0 + 121_000)).isFalse();
    assertThat(jar.valid(new byte[20], source, t0)).isFalse();
  }

  @Test
  void theSecretRotatesAndTheOldOneIsKeptForOneEpoch() {
    long t0 = 60_000L * 1_000;
    byte[] cookie = jar.issue(source, t0 + 59_000);
    assertThat(jar.valid(cookie, source, t0 + 61_000)).as("previous secret kept").isTrue();
    assertThat(jar.valid(cookie, source, t0 + 121_000)).as("two rotations later").isFalse();
    assertThat(jar.valid(jar.issue(source, -5_000), source, -4_000))
        .as("a monotonic clock may be negative")
        .isTrue();
  }
}
