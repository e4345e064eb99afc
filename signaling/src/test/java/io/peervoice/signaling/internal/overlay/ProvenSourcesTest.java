package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ProvenSourcesTest {

  @Test
  void boundedInTotalPerPrefixAndInTime() {
    ProvenSources p = new ProvenSources(4, 2, 1_000);
    InetSocketAddress a1 = new InetSocketAddress("10.0.0.1", 1);
    InetSocketAddress a2 = new InetSocketAddress("10.0.0.1", 2);
    InetSocketAddress a3 = new InetSocketAddress("10.0.0.1", 3);
    p.prove(a1, 0);
    p.prove(a2, 0);
    p.prove(a3, 0);
    assertThat(p.touch(a1, 1)).as("the prefix's least recent went").isFalse();
    assertThat(p.touch(a2, 1)).isTrue();
    assertThat(p.touch(a3, 1)).isTrue();
    for (int i = 1; i <= 4; i++) {
      p.prove(new InetSocketAddress("10.0.1." + i, 1), 2);
    }
    assertThat(p.size()).isEqualTo(4);
    assertThat(p.touch(a2, 3)).as("the least recent overall went").isFalse();
    InetSocketAddress v6a = new InetSocketAddress("2001:db8::1", 1);
    InetSocketAddress v6b = new InetSocketAddress("2001:db8::ffff:1", 1);
    InetSocketAddress v6c = new InetSocketAddress("2001:db8:0:0:1::1", 1);
    p.prove(v6a, 10);
    p.prove(v6b, 10);
    p.prove(v6c, 10);
    assertThat(p.touch(v6a, 11)).as("one /64 counts as one prefix").isFalse();
    p.sweep(2_000);
    assertThat(p.size()).isZero();
  }
}
