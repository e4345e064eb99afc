package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The primitive per-prefix counts answer as a map of counts would, through growth and removal. */
class PrefixCountsTest {

  @Test
  void countsLikeAMap() {
    PrefixCounts counts = new PrefixCounts();
    Map<IpPrefix, Integer> model = new HashMap<>();
    SplittableRandom random = new SplittableRandom(5);
    for (int step = 0; step < 100_000; step++) {
      IpPrefix p = new IpPrefix(random.nextInt(3_000), random.nextInt(5) == 0);
      if (random.nextBoolean()) {
        counts.increment(p);
        model.merge(p, 1, Integer::sum);
      } else {
        counts.decrement(p);
        model.computeIfPresent(p, (k, n) -> n <= 1 ? null : n - 1);
      }
    }
    assertThat(counts.size()).isEqualTo(model.size());
    for (int bits = 0; bits < 3_000; bits++) {
      for (boolean v6 : new boolean[] {false, true}) {
        IpPrefix p = new IpPrefix(bits, v6);
        assertThat(counts.get(p)).as(p.toString()).isEqualTo(model.getOrDefault(p, 0));
      }
    }
  }

  @Test
  void anIpv4AndAnIpv6PrefixWithTheSameBitsAreTwo() {
    PrefixCounts counts = new PrefixCounts();
    counts.increment(new IpPrefix(42, false));
    assertThat(counts.get(new IpPrefix(42, true))).isZero();
    counts.decrement(new IpPrefix(42, true));
    assertThat(counts.get(new IpPrefix(42, false))).isEqualTo(1);
  }
}
