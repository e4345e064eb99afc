package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.PathStalls;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Stalls are gaps over 60 ms between admitted datagrams, timed on an injected clock. */
class ArrivalGapsTest {
  private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.9", 5000);

  @Test
  void gapsOverTheThresholdBetweenAdmittedDatagramsAreStalls() {
    AtomicLong clock = new AtomicLong();
    SourceFilter filter = new SourceFilter(Set.of(PEER), clock::get);
    long[] arrivalsMs = {0, 20, 40, 340, 360, 380, 440, 441, 660};
    for (long ms : arrivalsMs) {
      clock.set(ms * 1_000_000);
      assertThat(filter.admits(PEER)).isTrue();
      clock.addAndGet(1_000); // a stranger's datagram between: dropped, not an arrival
      assertThat(filter.admits(new InetSocketAddress("192.0.2.10", 5000))).isFalse();
    }
    // 40 -> 340 (300 ms) and 441 -> 660 (219 ms); 380 -> 440 is exactly 60: not a stall
    assertThat(filter.stalls()).isEqualTo(new PathStalls(2, 300, 519));
  }

  @Test
  void noArrivalsNoStalls() {
    assertThat(new ArrivalGaps(() -> 0).snapshot()).isEqualTo(PathStalls.NONE);
  }
}
