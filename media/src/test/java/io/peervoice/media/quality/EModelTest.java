package io.peervoice.media.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EModelTest {

  @Test
  void aPerfectNarrowbandCallScoresTheG107Default() {
    EModel.Estimate e = EModel.estimate(EModel.Codec.G711_PLC, 0, 0, 1);
    assertThat(e.r()).isEqualTo(93.2);
    assertThat(e.mos()).isCloseTo(4.41, within(0.01));
  }

  @Test
  void twoPercentRandomLossOnG711() {
    // Ie,eff = 0 + 95 * 2 / (2 + 25.1) = 7.011
    EModel.Estimate e = EModel.estimate(EModel.Codec.G711_PLC, 0, 2, 1);
    assertThat(e.r()).isCloseTo(93.2 - 7.011, within(0.001));
  }

  @Test
  void threeHundredMillisecondsOfDelay() {
    // Id = 0.024*300 + 0.11*(300-177.3) = 7.2 + 13.497 = 20.697
    assertThat(EModel.estimate(EModel.Codec.OPUS, 300, 0, 1).r()).isCloseTo(72.503, within(0.001));
  }

  @Test
  void qualityFallsWithLossDelayAndBurstinessAndTheScaleIsClamped() {
    double clean = EModel.estimate(EModel.Codec.OPUS, 50, 0, 1).mos();
    double lossy = EModel.estimate(EModel.Codec.OPUS, 50, 5, 1).mos();
    double bursty = EModel.estimate(EModel.Codec.OPUS, 50, 5, 3).mos();
    double late = EModel.estimate(EModel.Codec.OPUS, 400, 0, 1).mos();
    assertThat(clean).isGreaterThan(lossy).isGreaterThan(late);
    assertThat(lossy).isGreaterThan(bursty);
    assertThat(EModel.mos(-5)).isEqualTo(1);
    assertThat(EModel.mos(120)).isEqualTo(4.5);
  }
}
