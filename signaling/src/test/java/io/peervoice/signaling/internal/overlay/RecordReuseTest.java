package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.DeliveryTiming;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.NodeAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * S20: a message to a peer whose record a lookup found less than {@link PeerLookups#REUSE_MILLIS}
 * ago goes to that record's nodes at once (a callee's ANSWER after its RINGING, a call's candidates
 * after its invite), a lookup running beside it; a peer that moved to other nodes meanwhile is
 * reached through the newer record that lookup finds, without waiting for the old nodes to time
 * out. In the overlay's virtual time, every one-way trip {@link #ONE_WAY} ms.
 */
class RecordReuseTest {
  private static final long ONE_WAY = 10;

  private record Sent(Object outcome, DeliveryTiming timing, long millis) {}

  private static Sent send(SimOverlay overlay, ClientCore from, Identity to) {
    long start = overlay.net.now();
    List<Object> outcome = new ArrayList<>();
    List<DeliveryTiming> timing = new ArrayList<>();
    long[] doneAt = {-1};
    from.messenger()
        .send(
            to.peerId(),
            new byte[] {7},
            e -> {
              outcome.add(e == null ? "ok" : e);
              doneAt[0] = overlay.net.now();
            },
            timing::add);
    assertThat(overlay.net.runUntil(() -> !outcome.isEmpty(), 10_000)).isTrue();
    return new Sent(outcome.get(0), timing.isEmpty() ? null : timing.get(0), doneAt[0] - start);
  }

  @Test
  void aMessageSoonAfterALookupGoesAtOnceAndALaterOneLooksUpFirst() {
    SimOverlay overlay = new SimOverlay(41, 4, ONE_WAY, ONE_WAY);
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

    Sent first = send(overlay, a, bob);
    assertThat(first.outcome()).isEqualTo("ok");
    assertThat(first.timing().lookupMillis()).isGreaterThanOrEqualTo(2 * ONE_WAY);

    overlay.net.runUntil(overlay.net.now() + 1_000);
    long lookups = a.messenger().lookups();
    Sent soon = send(overlay, a, bob);
    assertThat(soon.outcome()).isEqualTo("ok");
    assertThat(soon.timing().lookupMillis()).as("no wait for a lookup").isZero();
    assertThat(soon.millis())
        .as("shorter by the lookup")
        .isLessThanOrEqualTo(first.millis() - 2 * ONE_WAY);
    assertThat(a.messenger().lookups() - lookups).as("one lookup beside it").isEqualTo(1);

    overlay.net.runUntil(overlay.net.now() + PeerLookups.REUSE_MILLIS);
    Sent late = send(overlay, a, bob);
    assertThat(late.outcome()).isEqualTo("ok");
    assertThat(late.timing().lookupMillis())
        .as("too old a record: looked up first")
        .isGreaterThanOrEqualTo(2 * ONE_WAY);
    assertThat(received[0]).as("each once").isEqualTo(3);
  }

  @Test
  void aPeerThatMovedIsReachedThroughTheNewerRecordWithoutWaitingForItsOldNodes() {
    SimOverlay overlay = new SimOverlay(42, 8, ONE_WAY, ONE_WAY);
    Identity alice = overlay.newIdentity();
    Identity bob = overlay.newIdentity();
    ClientCore a = overlay.addPeer(alice, overlay.nodeAddresses.subList(0, 3));
    ClientCore b =
        overlay.addPeer(
            bob, overlay.nodeAddresses.subList(4, 8), ClientSettings.defaults().withKeepalive(250));
    int[] received = {0};
    b.messenger().onMessage((from, payload) -> received[0]++);
    overlay.net.runUntil(overlay.net.now() + 5_000);
    assertThat(send(overlay, a, bob).outcome()).isEqualTo("ok");

    List<NodeAddress> before = b.attachedNodes();
    for (NodeAddress n : before) {
      overlay.net.kill(new InetSocketAddress(n.host(), n.port()));
    }
    assertThat(
            overlay.net.runUntil(
                () ->
                    b.attachedNodes().size() == 2
                        && b.attachedNodes().stream().noneMatch(before::contains),
                5_000))
        .as("bob moved")
        .isTrue();
    overlay.net.runUntil(overlay.net.now() + 1_000); // his newer record published

    Sent moved = send(overlay, a, bob);
    assertThat(moved.outcome()).isEqualTo("ok");
    assertThat(moved.millis())
        .as("not held up by the old nodes' route timeout")
        .isLessThan(ClientSettings.defaults().routeTimeoutMillis());
    assertThat(received[0]).isEqualTo(2);
  }
}
