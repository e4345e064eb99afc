package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A burst of messages to one peer, as a gateway placing 50 calls at once sends: every one is
 * delivered once, and the burst costs one lookup of the peer, not one per message (each a request
 * to every attached node and an Ed25519 check of each record that comes back, work that used to
 * hold the client's loop past its deadlines).
 */
class MessageBurstTest {
  private static final int BURST = 50;

  @Test
  void fiftyMessagesToOnePeerAtOnceAreEachDeliveredOnceWithOneSharedLookup() {
    SimOverlay overlay = new SimOverlay(21, 6);
    Identity alice = overlay.newIdentity();
    Identity bob = overlay.newIdentity();
    ClientCore a = overlay.addPeer(alice, overlay.nodeAddresses.subList(0, 3));
    ClientCore b = overlay.addPeer(bob, overlay.nodeAddresses.subList(3, 6));
    Set<Integer> inbox = new HashSet<>();
    int[] received = {0};
    b.messenger()
        .onMessage(
            (from, payload) -> {
              received[0]++;
              inbox.add(ByteBuffer.wrap(payload).getInt());
            });
    boolean[] ready = {false, false};
    a.whenReady(() -> ready[0] = true);
    b.whenReady(() -> ready[1] = true);
    assertThat(overlay.net.runUntil(() -> ready[0] && ready[1], 3_000)).isTrue();

    List<Object> outcomes = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      byte[] payload = new byte[1_500]; // two fragments, as a call invite with candidates
      ByteBuffer.wrap(payload).putInt(i);
      a.messenger().send(bob.peerId(), payload, e -> outcomes.add(e == null ? "ok" : e));
    }
    assertThat(overlay.net.runUntil(() -> outcomes.size() == BURST, 3_000)).isTrue();

    assertThat(outcomes).containsOnly("ok");
    assertThat(received[0]).as("each message handed over once").isEqualTo(BURST);
    assertThat(inbox).hasSize(BURST);
    assertThat(a.messenger().lookups()).as("lookups of bob for the whole burst").isEqualTo(1);
    assertThat(a.messenger().overflowed()).isZero();
  }
}
