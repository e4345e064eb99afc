package io.peervoice.media.processing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link LinearConvergence}: the 20 dB rule on the linear stage's own signals, in 8 ms blocks. */
class LinearConvergenceTest {
  private static float[] error(double energy) {
    float[] e = new float[PartitionedEchoFilter.N];
    Arrays.fill(e, (float) Math.sqrt(energy / e.length));
    return e;
  }

  @Test
  void countsFromTheFirstFarEndBlockToTheWindowThatReaches20Decibels() {
    LinearConvergence c = new LinearConvergence();
    for (int b = 0; b < 10; b++) {
      c.add(false, true, 1e6, error(1e6)); // no far end yet: not counted
    }
    for (int b = 0; b < 50; b++) {
      c.add(true, true, 1e6, error(1e6)); // nothing cancelled: 0 dB
    }
    assertThat(c.convergenceMillis()).isEqualTo(-1);
    for (int b = 0; b < 25; b++) {
      c.add(true, true, 1e6, error(1e3)); // 30 dB
    }
    // the 25-block window reaches 20 dB once nearly all of it is at 30 dB: well after the 50
    // uncancelled blocks, within the 25 cancelled ones (8 ms each)
    assertThat(c.convergenceMillis()).isBetween(50 * 8, 75 * 8);
  }

  @Test
  void doubleTalkBlocksDoNotCount() {
    LinearConvergence c = new LinearConvergence();
    for (int b = 0; b < 100; b++) {
      c.add(true, false, 1e6, error(1));
    }
    assertThat(c.convergenceMillis()).isEqualTo(-1);
  }
}
