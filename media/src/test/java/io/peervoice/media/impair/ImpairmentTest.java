package io.peervoice.media.impair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImpairmentTest {
  private static final int PACKETS = 100_000;
  private static final double INTERVAL = 20;

  /** What became of packet {@code i}, sent at {@code i·20 ms}. */
  private record Outcome(int seq, double sendMillis, List<Delivery> deliveries) {}

  private static List<Outcome> run(Impairment impairment, int packets) {
    List<Outcome> out = new ArrayList<>(packets);
    for (int i = 0; i < packets; i++) {
      double send = i * INTERVAL;
      out.add(
          new Outcome(i, send, impairment.offer(ByteBuffer.allocate(4).putInt(i).array(), send)));
    }
    return out;
  }

  private static List<Outcome> run(String spec, int packets) {
    return run(new Impairment(ImpairmentSpec.parse(spec)), packets);
  }

  /** Sequence numbers in the order an {@link ImpairedLink} releases them. */
  private static List<Integer> arrivalOrder(List<Outcome> outcomes) {
    ImpairedLink link = new ImpairedLink(Integer.MAX_VALUE);
    outcomes.forEach(o -> link.addAll(o.deliveries()));
    return link.poll(Double.MAX_VALUE).stream()
        .map(d -> ByteBuffer.wrap(d.data()).getInt())
        .toList();
  }

  /** Packets that arrive after a packet sent later than them. */
  private static long overtaken(List<Integer> order) {
    long count = 0;
    int highest = -1;
    for (int seq : order) {
      if (seq < highest) {
        count++;
      }
      highest = Math.max(highest, seq);
    }
    return count;
  }

  private static List<String> fingerprint(List<Outcome> outcomes) {
    return outcomes.stream()
        .flatMap(o -> o.deliveries().stream())
        .map(d -> ByteBuffer.wrap(d.data()).getInt() + "@" + d.atMillis())
        .toList();
  }

  @Test
  void theSameSeedGivesTheSameNetworkAndAnotherSeedAnother() {
    String spec = "loss=10,burst=2,delay=40,jitter=30,dup=5,reorder=5,seed=1";
    Impairment first = new Impairment(ImpairmentSpec.parse(spec));
    Impairment second = new Impairment(ImpairmentSpec.parse(spec));
    List<Outcome> a = run(first, 5000);
    List<Outcome> b = run(second, 5000);
    List<Outcome> c = run(spec.replace("seed=1", "seed=2"), 5000);

    assertThat(fingerprint(a)).isEqualTo(fingerprint(b)).isNotEqualTo(fingerprint(c));
    assertThat(first.counters()).isEqualTo(second.counters());
    assertThat(a.stream().map(o -> o.deliveries().isEmpty()).toList())
        .isNotEqualTo(c.stream().map(o -> o.deliveries().isEmpty()).toList());
  }

  @ParameterizedTest(name = "loss={0}% burst={1}")
  @CsvSource({"10, 3", "10, 1", "2, 1", "5, 2", "30, 5", "50, 1", "90, 9"})
  void lossRateAndMeanBurstMatchTheSpecOverOneHundredThousandPackets(double loss, double burst) {
    Impairment impairment =
        new Impairment(ImpairmentSpec.parse("loss=%s,burst=%s,seed=7".formatted(loss, burst)));
    List<Outcome> out = run(impairment, PACKETS);
    long lost = 0;
    long bursts = 0;
    boolean previousLost = false;
    for (Outcome o : out) {
      boolean isLost = o.deliveries().isEmpty();
      lost += isLost ? 1 : 0;
      bursts += isLost && !previousLost ? 1 : 0;
      previousLost = isLost;
    }
    assertThat(100.0 * lost / PACKETS).isCloseTo(loss, within(1.0));
    assertThat((double) lost / bursts).isCloseTo(burst, within(0.1 * burst));
    assertThat(impairment.counters().dropped()).isEqualTo(lost);
    assertThat(impairment.counters().offered()).isEqualTo(PACKETS);
  }

  @Test
  void noLossLosesNothingWhateverTheOtherSettingsAndFullLossEverything() {
    assertThat(run("loss=0,burst=5,delay=30,jitter=50,reorder=10,dup=10,seed=4", PACKETS))
        .noneMatch(o -> o.deliveries().isEmpty());
    assertThat(run("loss=100,seed=4", 10_000)).allMatch(o -> o.deliveries().isEmpty());
  }

  @Test
  void delayAveragesTheSpecifiedDelayWithinTheJitterBand() {
    List<Outcome> out = run("delay=80,jitter=40,seed=3", PACKETS);
    double sum = 0;
    for (Outcome o : out) {
      double delay = o.deliveries().get(0).atMillis() - o.sendMillis();
      assertThat(delay).isBetween(40.0, 120.0);
      sum += delay;
    }
    assertThat(sum / PACKETS).isCloseTo(80, within(0.5));

    assertThat(run("delay=80,seed=3", 1000))
        .allMatch(o -> o.deliveries().get(0).atMillis() == o.sendMillis() + 80);
  }

  @Test
  void jitterLargerThanTheDelayNeverDeliversBeforeTheSendTime() {
    double min = Double.MAX_VALUE;
    double max = 0;
    for (Outcome o : run("delay=10,jitter=40,seed=5", PACKETS)) {
      double delay = o.deliveries().get(0).atMillis() - o.sendMillis();
      min = Math.min(min, delay);
      max = Math.max(max, delay);
    }
    assertThat(min).isBetween(0.0, 0.1);
    assertThat(max).isBetween(49.9, 50.0);
  }

  @Test
  void duplicatesComeAtTheSpecifiedRateAsSeparateCopiesJustAfterTheOriginal() {
    Impairment impairment = new Impairment(ImpairmentSpec.parse("dup=5,delay=20,seed=11"));
    List<Outcome> out = run(impairment, PACKETS);
    List<Outcome> doubled = out.stream().filter(o -> o.deliveries().size() == 2).toList();

    assertThat(100.0 * doubled.size() / PACKETS).isCloseTo(5, within(0.3));
    assertThat(impairment.counters().duplicated()).isEqualTo(doubled.size());
    for (Outcome o : doubled) {
      Delivery original = o.deliveries().get(0);
      Delivery copy = o.deliveries().get(1);
      assertThat(copy.data()).isEqualTo(original.data()).isNotSameAs(original.data());
      assertThat(copy.atMillis()).isEqualTo(original.atMillis() + 1);
    }
  }

  @Test
  void reorderingHoldsPacketsBackSoTheNextOneOvertakesThemEvenWithoutJitter() {
    Impairment impairment = new Impairment(ImpairmentSpec.parse("reorder=5,delay=50,seed=2"));
    List<Integer> order = arrivalOrder(run(impairment, PACKETS));

    long swaps = 0;
    for (int i = 1; i < order.size(); i++) {
      if (order.get(i) < order.get(i - 1)) {
        swaps++;
        // Held back one and a half intervals: only the next packet gets ahead.
        assertThat(order.get(i - 1) - order.get(i)).isEqualTo(1);
      }
    }
    long heldBack = impairment.counters().reordered();
    assertThat(100.0 * heldBack / PACKETS).isCloseTo(5, within(0.3));
    // Two packets in a row held back keep their order.
    assertThat(swaps).isBetween((long) (heldBack * 0.9), heldBack);
    assertThat(overtaken(order)).isEqualTo(swaps);

    assertThat(overtaken(arrivalOrder(run("delay=50,seed=2", 10_000)))).isZero();
  }

  @Test
  void jitterAloneReordersPacketsAndTheHoldBackFollowsThePacketInterval() {
    Impairment jittery = new Impairment(ImpairmentSpec.parse("delay=50,jitter=30,seed=8"));
    assertThat(overtaken(arrivalOrder(run(jittery, 10_000)))).isGreaterThan(1000);
    assertThat(jittery.counters().reordered()).isZero();

    Impairment tenMillis = new Impairment(ImpairmentSpec.parse("reorder=100,delay=5,seed=1"), 10);
    assertThat(tenMillis.offer(new byte[1], 100).get(0).atMillis()).isEqualTo(120);
    assertThatThrownBy(() -> new Impairment(ImpairmentSpec.none(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
