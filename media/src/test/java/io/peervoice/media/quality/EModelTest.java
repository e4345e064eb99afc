package io.peervoice.media.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.peervoice.media.quality.EModel.Codec;
import io.peervoice.media.quality.EModel.Estimate;
import io.peervoice.media.quality.EModel.Input;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EModelTest {

  @Test
  void theG107DefaultRatingScoresFourPointFour() {
    // 1 + 0.035·93.2 + 7e-6·93.2·33.2·6.8
    assertThat(EModel.mos(93.2)).isCloseTo(4.409286, within(1e-6));
  }

  @Test
  void aPerfectG711CallScoresTheG107Default() {
    for (Codec codec : new Codec[] {Codec.G711, Codec.G711_PLC, Codec.OPUS}) {
      Estimate e = EModel.estimate(new Input(0, 0, 1, codec));
      assertThat(e.r()).isEqualTo(93.2);
      assertThat(e.mos()).isCloseTo(4.41, within(0.01));
    }
  }

  @Test
  void twoPercentRandomLossOnG711() {
    // With PLC: Ie,eff = 0 + 95·2/(2/1 + 25.1) = 7.01107; R = 86.18893;
    // MOS = 1 + 0.035·86.18893 + 7e-6·86.18893·26.18893·13.81107 = 4.23483
    Estimate plc = EModel.estimate(new Input(0, 2, 1, Codec.G711_PLC));
    assertThat(plc.r()).isCloseTo(86.18893, within(1e-5));
    assertThat(plc.mos()).isCloseTo(4.23483, within(1e-5));
    // Without PLC: Ie,eff = 95·2/(2 + 4.3) = 30.15873; R = 63.04127
    assertThat(EModel.estimate(new Input(0, 2, 1, Codec.G711)).r())
        .isCloseTo(63.04127, within(1e-5));
    // Bursty (BurstR 2) hurts more: Ie,eff = 95·2/(1 + 25.1) = 7.27969
    assertThat(EModel.effectiveEquipmentImpairment(Codec.G711_PLC, 2, 2))
        .isCloseTo(7.27969, within(1e-5));
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "150, 3.6", // 0.024·150, below the knee
    "177.3, 4.2552",
    "300, 20.697", // 0.024·300 + 0.11·(300 − 177.3) = 7.2 + 13.497
  })
  void delayLowersRByTheDelayImpairment(double delay, double id) {
    assertThat(EModel.delayImpairment(delay)).isCloseTo(id, within(1e-9));
    double clean = EModel.estimate(new Input(0, 1, 1, Codec.OPUS)).r();
    assertThat(EModel.estimate(new Input(delay, 1, 1, Codec.OPUS)).r())
        .isCloseTo(clean - id, within(1e-9));
  }

  @Test
  void qualityFallsSteadilyWithLossAndDelay() {
    for (Codec codec : new Codec[] {Codec.G711, Codec.G711_PLC, Codec.OPUS}) {
      Estimate previous = EModel.estimate(new Input(50, 0, 1, codec));
      for (double loss = 0.5; loss <= 100; loss += 0.5) {
        Estimate e = EModel.estimate(new Input(50, loss, 1, codec));
        assertThat(e.r()).isLessThan(previous.r());
        assertThat(e.mos()).isLessThanOrEqualTo(previous.mos());
        assertThat(EModel.estimate(new Input(50, loss, 3, codec)).r()).isLessThan(e.r());
        previous = e;
      }
    }
    Estimate previous = EModel.estimate(new Input(0, 1, 1, Codec.OPUS));
    for (double delay = 5; delay <= 2000; delay += 5) {
      Estimate e = EModel.estimate(new Input(delay, 1, 1, Codec.OPUS));
      assertThat(e.r()).isLessThan(previous.r());
      assertThat(e.mos()).isLessThanOrEqualTo(previous.mos());
      previous = e;
    }
    double previousMos = 1;
    for (double r = -20; r <= 120; r += 0.1) {
      assertThat(EModel.mos(r)).isGreaterThanOrEqualTo(previousMos).isBetween(1.0, 4.5);
      previousMos = EModel.mos(r);
    }
  }

  @Test
  void theScaleIsClampedToOneAndFourAndAHalf() {
    assertThat(EModel.mos(-5)).isEqualTo(1);
    assertThat(EModel.mos(0)).isEqualTo(1);
    assertThat(EModel.mos(3)).isEqualTo(1); // the cubic alone gives 0.989
    assertThat(EModel.mos(100)).isEqualTo(4.5);
    assertThat(EModel.mos(120)).isEqualTo(4.5);
    Estimate hopeless = EModel.estimate(new Input(1000, 100, 1, Codec.G711));
    assertThat(hopeless.r()).isNegative();
    assertThat(hopeless.mos()).isEqualTo(1);
  }

  @Test
  void theShortFormMatchesTheInputRecordAndBadInputsAreRefused() {
    assertThat(EModel.estimate(Codec.OPUS, 120, 3, 1.5))
        .isEqualTo(EModel.estimate(new Input(120, 3, 1.5, Codec.OPUS)));
    assertThatThrownBy(() -> new Input(-1, 0, 1, Codec.OPUS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delay");
    assertThatThrownBy(() -> new Input(0, 101, 1, Codec.OPUS)).hasMessageContaining("loss");
    assertThatThrownBy(() -> new Input(0, Double.NaN, 1, Codec.OPUS)).hasMessageContaining("loss");
    assertThatThrownBy(() -> new Input(0, 1, 0, Codec.OPUS)).hasMessageContaining("burst ratio");
    assertThatThrownBy(() -> new Codec("x", 0, 0)).hasMessageContaining("Bpl");
  }
}
