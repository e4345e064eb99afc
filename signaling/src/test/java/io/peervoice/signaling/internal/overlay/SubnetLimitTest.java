package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** A node takes at most 2 proven nodes of one /24 into a bucket, and counts the ones it refuses. */
class SubnetLimitTest {

  @Test
  void sixProvenNodesFromOneSlash24GetTwoPlacesInABucket() {
    SimOverlay overlay = new SimOverlay(14, 1);
    OverlayNode node = overlay.nodes.get(0);
    int joined = 0;
    for (int i = 1; joined < 6; i++) {
      Identity id = Identity.generateNode(overlay.secureRandom(), SimOverlay.NODE_ID_WORK);
      if (((id.peerId().bytes()[0] ^ node.id().bytes()[0]) & 0x80) == 0) {
        continue; // keep to bucket 0: the first bit differs from the node's
      }
      new Colluder(overlay.net, new InetSocketAddress("10.77.0." + i, 4000), id)
          .introduceTo(overlay.nodeAddresses.get(0));
      joined++;
    }
    overlay.net.runUntil(overlay.net.now() + 100);
    assertThat(node.routingTableSize()).isEqualTo(2);
    assertThat(overlay.counters.get(0).get(NodeCounters.Event.NODE_VERIFIED))
        .as("all six proved their ids")
        .isEqualTo(6);
    assertThat(overlay.counters.get(0).get(NodeCounters.Event.SUBNET_FULL))
        .as("four refused for their /24")
        .isEqualTo(4);
  }
}
