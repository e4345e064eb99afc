package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A look-ahead starts the recipient's lookup before the message exists (a caller's invite waits for
 * its ICE agent and keys): the send made meanwhile takes that lookup's answer instead of asking
 * again, so its delivery is shorter by the time the two overlapped, at the cost of no extra lookup.
 * In the overlay's virtual time, with every one-way trip {@link #ONE_WAY} ms.
 */
class LookAheadTest {
  private static final long ONE_WAY = 10;

  /** The time the sender spends between its look-ahead and its send (less than a lookup). */
  private static final long WORK_BEFORE_SEND = ONE_WAY;

  @Test
  void aSendAfterALookAheadSharesItsLookupAndIsDeliveredSoonerByTheOverlap() {
    long plain = sendAfterWork(false);
    long ahead = sendAfterWork(true);

    assertThat(plain)
        .as("the work, then the lookup (2 trips) and the delivery (4 trips at least)")
        .isGreaterThanOrEqualTo(WORK_BEFORE_SEND + 6 * ONE_WAY);
    assertThat(ahead)
        .as("the lookup began %d ms before the send", WORK_BEFORE_SEND)
        .isEqualTo(plain - WORK_BEFORE_SEND);
  }

  @Test
  void aLookAheadBeforeAttachingAsksNothing() {
    SimOverlay overlay = new SimOverlay(36, 2, ONE_WAY, ONE_WAY);
    ClientCore a = overlay.addPeer(overlay.newIdentity(), overlay.nodeAddresses);

    a.messenger().lookAhead(overlay.newIdentity().peerId());

    assertThat(a.messenger().lookups()).isZero();
  }

  /**
   * Milliseconds from the work's start (the look-ahead, if any) to bob's acknowledged delivery of a
   * message alice sends once the work is done; alice asks the nodes for bob's record once.
   */
  private static long sendAfterWork(boolean lookAhead) {
    SimOverlay overlay = new SimOverlay(35, 2, ONE_WAY, ONE_WAY);
    Identity alice = overlay.newIdentity();
    Identity bob = overlay.newIdentity();
    ClientCore a = overlay.addPeer(alice, overlay.nodeAddresses.subList(0, 1));
    ClientCore b = overlay.addPeer(bob, overlay.nodeAddresses.subList(1, 2));
    List<byte[]> received = new ArrayList<>();
    b.messenger().onMessage((from, payload) -> received.add(payload));
    boolean[] ready = {false, false};
    a.whenReady(() -> ready[0] = true);
    b.whenReady(() -> ready[1] = true);
    assertThat(overlay.net.runUntil(() -> ready[0] && ready[1], 5_000)).isTrue();
    long lookupsBefore = a.messenger().lookups();

    long start = overlay.net.now();
    if (lookAhead) {
      a.messenger().lookAhead(bob.peerId());
    }
    overlay.net.runUntil(start + WORK_BEFORE_SEND);
    List<Object> outcome = new ArrayList<>();
    long[] doneAt = {-1};
    a.messenger()
        .send(
            bob.peerId(),
            new byte[] {42},
            e -> {
              outcome.add(e == null ? "ok" : e);
              doneAt[0] = overlay.net.now();
            });
    assertThat(overlay.net.runUntil(() -> !outcome.isEmpty(), 5_000)).isTrue();

    assertThat(outcome).containsExactly("ok");
    assertThat(received).hasSize(1);
    assertThat(a.messenger().lookups() - lookupsBefore).as("one lookup either way").isEqualTo(1);
    return doneAt[0] - start;
  }
}
