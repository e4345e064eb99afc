package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.DeliveryTiming;
import io.peervoice.signaling.Identity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A delivered message says where its time went, in the overlay's (virtual) time: the lookup of the
 * recipient's record, then the delivery through its nodes; two messages sent at once share one
 * lookup and both report the wait for it.
 */
class DeliveryTimingTest {
  private static final long ONE_WAY = 10;

  @Test
  void aDeliveredMessageSplitsItsTimeIntoTheLookupAndTheDeliveryAndSharedLookupsReportTheWait() {
    SimOverlay overlay = new SimOverlay(33, 4, ONE_WAY, ONE_WAY);
    Identity alice = overlay.newIdentity();
    Identity bob = overlay.newIdentity();
    ClientCore a = overlay.addPeer(alice, overlay.nodeAddresses.subList(0, 2));
    ClientCore b = overlay.addPeer(bob, overlay.nodeAddresses.subList(2, 4));
    int[] received = {0};
    b.messenger().onMessage((from, payload) -> received[0]++);
    boolean[] ready = {false, false};
    a.whenReady(() -> ready[0] = true);
    b.whenReady(() -> ready[1] = true);
    assertThat(overlay.net.runUntil(() -> ready[0] && ready[1], 5_000)).isTrue();

    long sent = overlay.net.now();
    List<DeliveryTiming> timings = new ArrayList<>();
    List<Long> doneAt = new ArrayList<>();
    List<Object> outcomes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      a.messenger()
          .send(
              bob.peerId(),
              new byte[] {(byte) i},
              e -> {
                outcomes.add(e == null ? "ok" : e);
                doneAt.add(overlay.net.now());
              },
              timings::add);
    }
    assertThat(overlay.net.runUntil(() -> outcomes.size() == 2, 5_000)).isTrue();

    assertThat(outcomes).containsOnly("ok");
    assertThat(received[0]).isEqualTo(2);
    assertThat(a.messenger().lookups()).as("one lookup for both").isEqualTo(1);
    assertThat(timings).hasSize(2);
    for (int i = 0; i < 2; i++) {
      DeliveryTiming t = timings.get(i);
      assertThat(t.lookupMillis())
          .as("a round trip to the nodes at least")
          .isGreaterThanOrEqualTo(2 * ONE_WAY);
      assertThat(t.deliverMillis())
          .as("to a node, on to bob, his acknowledgement, the node's answer")
          .isGreaterThanOrEqualTo(4 * ONE_WAY);
      assertThat(t.lookupMillis() + t.deliverMillis())
          .as("the two parts make the whole send")
          .isEqualTo(doneAt.get(i) - sent);
    }
    assertThat(timings.get(1).lookupMillis())
        .as("the second waited for the first's lookup: the same wait")
        .isEqualTo(timings.get(0).lookupMillis());
  }

  @Test
  void failuresReportNoTiming() {
    SimOverlay overlay = new SimOverlay(34, 2, ONE_WAY, ONE_WAY);
    Identity alice = overlay.newIdentity();
    ClientCore a = overlay.addPeer(alice, overlay.nodeAddresses);
    boolean[] ready = {false};
    a.whenReady(() -> ready[0] = true);
    assertThat(overlay.net.runUntil(() -> ready[0], 5_000)).isTrue();

    List<Object> outcomes = new ArrayList<>();
    List<DeliveryTiming> timings = new ArrayList<>();
    a.messenger().send(overlay.newIdentity().peerId(), new byte[] {1}, outcomes::add, timings::add);
    assertThat(overlay.net.runUntil(() -> !outcomes.isEmpty(), 60_000)).isTrue();

    assertThat(outcomes.get(0)).isNotNull();
    assertThat(timings).isEmpty();
  }
}
