package io.peervoice.media.processing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ActivePartitionsTest {
  private static final int PARTITIONS = 64;
  private static final int BINS = 4;

  private final float[][] re = new float[PARTITIONS][BINS];
  private final float[][] im = new float[PARTITIONS][BINS];
  private final float[] spectrum = new float[BINS];

  /** A direct path at {@code direct} and a tail losing 5 dB per partition. */
  private void path(int direct) {
    for (float[] r : re) {
      Arrays.fill(r, 0f);
    }
    for (int p = direct; p < PARTITIONS; p++) {
      Arrays.fill(re[p], (float) Math.pow(10, -0.25 * (p - direct)));
    }
    Arrays.fill(spectrum, 1f);
  }

  private static void fitMany(ActivePartitions active, float[][] re, float[][] im, float[] s) {
    for (int i = 0; i < 20; i++) {
      active.fit(re, im, s);
    }
  }

  @Test
  void coversTheDirectPathAndTheTailWithMargins() {
    path(12);
    ActivePartitions active = new ActivePartitions(PARTITIONS);
    assertThat(active.count()).isEqualTo(PARTITIONS);
    fitMany(active, re, im, spectrum);
    // 2 before the direct path; the tail's 3-partition mean is within 30 dB up to 18, then 6 more
    assertThat(active.from()).isEqualTo(10);
    assertThat(active.to()).isEqualTo(25);
    assertThat(active.contains(9)).isFalse();
    assertThat(active.contains(24)).isTrue();
    assertThat(active.contains(25)).isFalse();
  }

  @Test
  void shrinksAtMostFourPartitionsPerFitAtEitherEnd() {
    path(12);
    ActivePartitions active = new ActivePartitions(PARTITIONS);
    assertThat(active.fit(re, im, spectrum)).isTrue();
    assertThat(active.from()).isEqualTo(4);
    assertThat(active.to()).isEqualTo(60);
    active.fit(re, im, spectrum);
    assertThat(active.from()).isEqualTo(8);
    assertThat(active.to()).isEqualTo(56);
  }

  @Test
  void growsAtOnceWhenTheTailGrowsIntoTheMargin() {
    path(12);
    ActivePartitions active = new ActivePartitions(PARTITIONS);
    fitMany(active, re, im, spectrum);
    Arrays.fill(re[22], 0.1f); // -20 dB: a late reflection in the margin
    Arrays.fill(re[23], 0.1f);
    assertThat(active.fit(re, im, spectrum)).isTrue();
    assertThat(active.to()).isEqualTo(23 + 1 + ActivePartitions.MARGIN_AFTER);
  }

  @Test
  void coefficientsOfBinsTheReferenceDoesNotExciteDoNotCount() {
    path(12);
    spectrum[3] = 0; // the far end has nothing in bin 3
    for (int p = 30; p < PARTITIONS; p++) {
      re[p][3] = 5f; // misadjustment there, louder than the direct path
    }
    ActivePartitions active = new ActivePartitions(PARTITIONS);
    fitMany(active, re, im, spectrum);
    assertThat(active.from()).isEqualTo(10);
    assertThat(active.to()).isEqualTo(25);
  }

  @Test
  void aSilentFilterLeavesTheWindowAndResetOpensAll() {
    ActivePartitions active = new ActivePartitions(PARTITIONS);
    assertThat(active.fit(re, im, spectrum)).isFalse();
    assertThat(active.count()).isEqualTo(PARTITIONS);
    path(12);
    fitMany(active, re, im, spectrum);
    active.reset();
    assertThat(active.from()).isZero();
    assertThat(active.to()).isEqualTo(PARTITIONS);
  }
}
