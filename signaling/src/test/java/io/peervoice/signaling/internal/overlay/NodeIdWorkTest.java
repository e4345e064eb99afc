package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.internal.NodeRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Node ids without the overlay's node id work never enter a routing table, and are counted. */
class NodeIdWorkTest {

  @Test
  void aNodeWithoutTheWorkIsRefusedByEveryTableAndCounted() {
    SimOverlay overlay = new SimOverlay(8, 6);
    Identity lazy;
    do {
      lazy = overlay.newIdentity();
    } while (lazy.peerId().nodeIdWork() >= SimOverlay.NODE_ID_WORK);
    OverlayNode freeloader = overlay.addNode(lazy);
    overlay.net.runUntil(overlay.net.now() + 5_000);

    List<IterativeLookup.Result> results = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      overlay.nodes.get(i).findNode(freeloader.id(), results::add);
    }
    overlay.net.runUntil(() -> results.size() == 6, 5_000);
    assertThat(results).hasSize(6);
    for (IterativeLookup.Result r : results) {
      assertThat(r.closest()).extracting(NodeRef::id).doesNotContain(freeloader.id());
    }
    long refused = 0;
    for (int i = 0; i < 6; i++) {
      assertThat(overlay.nodes.get(i).routingTableSize()).isLessThanOrEqualTo(5);
      refused += overlay.counters.get(i).get(NodeCounters.Event.NODE_ID_REFUSED);
    }
    assertThat(refused).as("refusals are counted").isPositive();
    assertThat(freeloader.routingTableSize())
        .as("the freeloader itself may still use the overlay")
        .isPositive();
  }
}
