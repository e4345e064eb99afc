package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ReassemblyTest {
  private static final InetSocketAddress NODE = new InetSocketAddress("10.0.0.1", 4000);
  private static final InetSocketAddress OTHER = new InetSocketAddress("10.0.0.2", 4000);

  @Test
  void fragmentsInAnyOrderMakeTheMessageOnceAndRepeatsAreIgnored() {
    Reassembly r = new Reassembly(4, 10_000, 16);
    assertThat(r.add(NODE, 1, 2, 3, new byte[] {5}, 0)).isNull();
    assertThat(r.add(NODE, 1, 0, 3, new byte[] {1, 2}, 0)).isNull();
    assertThat(r.add(NODE, 1, 0, 3, new byte[] {9, 9}, 0)).as("a repeated fragment").isNull();
    assertThat(r.add(NODE, 1, 1, 3, new byte[] {3, 4}, 0)).containsExactly(1, 2, 3, 4, 5);
    r.markDelivered(1);
    assertThat(r.alreadyDelivered(1)).isTrue();
  }

  @Test
  void partialMessagesAreBoundedAndTimeOut() {
    Reassembly r = new Reassembly(2, 1_000, 16);
    r.add(NODE, 1, 0, 2, new byte[] {1}, 0);
    r.add(NODE, 2, 0, 2, new byte[] {1}, 0);
    r.add(NODE, 3, 0, 2, new byte[] {1}, 0);
    assertThat(r.dropped()).as("the oldest pushed out").isEqualTo(1);
    assertThat(r.add(NODE, 1, 1, 2, new byte[] {2}, 0)).as("message 1 was dropped").isNull();
    r.sweep(5_000);
    assertThat(r.dropped()).isEqualTo(4);
    assertThat(r.add(NODE, 2, 1, 2, new byte[] {2}, 5_000)).isNull();
  }

  @Test
  void deliveredIdsAreRememberedUpToTheBound() {
    Reassembly r = new Reassembly(2, 1_000, 3);
    for (long id = 1; id <= 4; id++) {
      r.markDelivered(id);
    }
    assertThat(r.alreadyDelivered(1)).isFalse();
    assertThat(r.alreadyDelivered(4)).isTrue();
  }

  @Test
  void fragmentsFromAnotherNodeNeverMixIntoAMessage() {
    Reassembly r = new Reassembly(4, 10_000, 16);
    assertThat(r.add(NODE, 7, 0, 2, new byte[] {1}, 0)).isNull();
    assertThat(r.add(OTHER, 7, 1, 2, new byte[] {6, 6}, 0))
        .as("another node's fragment does not complete (or spoil) this node's copy")
        .isNull();
    assertThat(r.add(NODE, 7, 1, 2, new byte[] {2}, 0)).containsExactly(1, 2);
  }
}
