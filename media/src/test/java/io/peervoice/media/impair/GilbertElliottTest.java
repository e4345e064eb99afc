package io.peervoice.media.impair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GilbertElliottTest {

  @Test
  void transitionProbabilitiesFollowFromLossAndBurst() {
    GilbertElliott bursty = new GilbertElliott(0.10, 3);
    assertThat(bursty.leaveBadProbability()).isCloseTo(1 / 3.0, within(1e-12));
    // p = L·r/(1 − L) = 0.1·(1/3)/0.9; stationary loss p/(p + r) = 0.1
    assertThat(bursty.enterBadProbability()).isCloseTo(0.1 / 3 / 0.9, within(1e-12));
    double p = bursty.enterBadProbability();
    double r = bursty.leaveBadProbability();
    assertThat(p / (p + r)).isCloseTo(0.10, within(1e-12));
    assertThat(bursty.burstRatio()).isCloseTo(2.7, within(1e-12));

    GilbertElliott isolated = new GilbertElliott(0.10, 1);
    assertThat(isolated.leaveBadProbability()).isEqualTo(1);
    assertThat(isolated.enterBadProbability()).isCloseTo(0.1 / 0.9, within(1e-12));
    assertThat(isolated.burstRatio()).isCloseTo(0.9, within(1e-12));
    assertThat(new GilbertElliott(0, 5).burstRatio()).isEqualTo(1);
  }

  @Test
  void noLossLosesNothingAndFullLossEverything() {
    Random random = new Random(1);
    GilbertElliott none = new GilbertElliott(0, 4);
    GilbertElliott all = new GilbertElliott(1, 1);
    for (int i = 0; i < 10_000; i++) {
      assertThat(none.lose(random)).isFalse();
      assertThat(all.lose(random)).isTrue();
    }
  }

  @Test
  void highLossNeedsLongEnoughBursts() {
    assertThat(GilbertElliott.minimumBurst(0.1)).isEqualTo(1);
    assertThat(GilbertElliott.minimumBurst(0.9)).isCloseTo(9, within(1e-9));
    assertThat(GilbertElliott.canCarry(0.9, 9)).isTrue();
    assertThat(GilbertElliott.canCarry(0.9, 8.9)).isFalse();
    assertThat(GilbertElliott.canCarry(0.5, 1)).isTrue();
    assertThatThrownBy(() -> new GilbertElliott(0.9, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mean burst must be at least 9");
    assertThatThrownBy(() -> new GilbertElliott(1.5, 1))
        .hasMessageContaining("loss fraction must be 0..1");
  }
}
