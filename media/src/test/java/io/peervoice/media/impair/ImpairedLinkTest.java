package io.peervoice.media.impair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImpairedLinkTest {

  private static Delivery at(int id, double millis) {
    return new Delivery(new byte[] {(byte) id}, millis);
  }

  private static List<Integer> ids(List<Delivery> deliveries) {
    return deliveries.stream().map(d -> (int) d.data()[0]).toList();
  }

  @Test
  void releasesWhatIsDueInDeliveryTimeOrderAndEqualTimesInArrivalOrder() {
    ImpairedLink link = new ImpairedLink(10);
    link.addAll(List.of(at(1, 30), at(2, 10), at(3, 20), at(4, 20), at(5, 50)));

    assertThat(link.poll(9.9)).isEmpty();
    assertThat(link.nextDueMillis()).hasValue(10);
    assertThat(ids(link.poll(20))).containsExactly(2, 3, 4);
    assertThat(ids(link.poll(45))).containsExactly(1);
    assertThat(link.size()).isEqualTo(1);
    assertThat(ids(link.poll(1000))).containsExactly(5);
    assertThat(link.nextDueMillis()).isEmpty();
  }

  @Test
  void dropsAndCountsWhatComesBeyondItsCapacity() {
    ImpairedLink link = new ImpairedLink(2);
    assertThat(link.add(at(1, 5))).isTrue();
    assertThat(link.add(at(2, 1))).isTrue();
    assertThat(link.add(at(3, 0))).isFalse();
    assertThat(link.overflowed()).isEqualTo(1);
    assertThat(ids(link.poll(1))).containsExactly(2);
    assertThat(link.add(at(4, 2))).isTrue();
    assertThat(ids(link.poll(10))).containsExactly(4, 1);
    assertThat(link.overflowed()).isEqualTo(1);
    assertThatThrownBy(() -> new ImpairedLink(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
