package io.peervoice.media.impair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImpairmentTest {

  @Test
  void parsesTheUserSyntaxAndWritesItBack() {
    ImpairmentSpec spec = ImpairmentSpec.parse("loss=10,burst=3,jitter=40,delay=80,seed=7");
    assertThat(spec).isEqualTo(new ImpairmentSpec(10, 3, 80, 40, 0, 0, 7));
    assertThat(ImpairmentSpec.parse(spec.toString())).isEqualTo(spec);
    assertThat(ImpairmentSpec.parse("").isNone()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "loss=101 | impairment loss must be 0..100, got 101",
        "burst=0.5 | impairment burst must be 1..1000",
        "jitter=-1 | impairment jitter must be 0..5000",
        "speed=3 | expected KEY=NUMBER with KEY one of",
        "loss=ten | impairment loss: not a number",
        "loss | expected KEY=NUMBER",
      })
  void rejectsBadSpecsNamingTheKeyAndRange(String text, String message) {
    assertThatThrownBy(() -> ImpairmentSpec.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private static List<List<Delivery>> run(ImpairmentSpec spec, int packets) {
    Impairment impairment = new Impairment(spec);
    List<List<Delivery>> out = new ArrayList<>();
    for (int i = 0; i < packets; i++) {
      out.add(impairment.offer(new byte[] {(byte) i}, i * 20.0));
    }
    return out;
  }

  @Test
  void theSameSeedGivesTheSameNetworkAndAnotherSeedAnother() {
    ImpairmentSpec spec = ImpairmentSpec.parse("loss=10,jitter=30,dup=5,reorder=5,seed=1");
    List<Double> a =
        run(spec, 2000).stream().flatMap(List::stream).map(Delivery::atMillis).toList();
    List<Double> b =
        run(spec, 2000).stream().flatMap(List::stream).map(Delivery::atMillis).toList();
    List<Double> c =
        run(ImpairmentSpec.parse("loss=10,jitter=30,dup=5,reorder=5,seed=2"), 2000).stream()
            .flatMap(List::stream)
            .map(Delivery::atMillis)
            .toList();
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void lossRateAndBurstLengthMatchTheSpecOverManyPackets() {
    List<List<Delivery>> out = run(ImpairmentSpec.parse("loss=10,burst=3,seed=7"), 100_000);
    long lost = out.stream().filter(List::isEmpty).count();
    int bursts = 0;
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).isEmpty() && (i == 0 || !out.get(i - 1).isEmpty())) {
        bursts++;
      }
    }
    assertThat(lost / 1000.0).isBetween(9.0, 11.0);
    assertThat((double) lost / bursts).isBetween(2.7, 3.3);
  }

  @Test
  void delayJitterDuplicatesAndReorderingBehaveAsSpecified() {
    Impairment impairment =
        new Impairment(ImpairmentSpec.parse("delay=80,jitter=40,dup=10,reorder=5,seed=3"));
    double sumDelay = 0;
    int deliveries = 0;
    int reorderedPairs = 0;
    double previous = -1;
    for (int i = 0; i < 10_000; i++) {
      List<Delivery> d = impairment.offer(new byte[1], i * 20.0);
      double delay = d.get(0).atMillis() - i * 20.0;
      assertThat(delay).isBetween(80.0, 140.0);
      sumDelay += delay;
      deliveries += d.size();
      if (d.get(0).atMillis() < previous) {
        reorderedPairs++;
      }
      previous = d.get(0).atMillis();
    }
    assertThat(sumDelay / 10_000).isBetween(99.0, 102.0);
    assertThat(deliveries - 10_000).isBetween(900, 1100);
    assertThat(reorderedPairs).isGreaterThan(500);
    assertThat(impairment.counters().dropped()).isZero();
  }

  @Test
  void noLossMeansNoneLost() {
    assertThat(run(ImpairmentSpec.none(), 10_000)).noneMatch(List::isEmpty);
    assertThat(new GilbertElliott(0, 1).lose(new Random(1))).isFalse();
  }
}
