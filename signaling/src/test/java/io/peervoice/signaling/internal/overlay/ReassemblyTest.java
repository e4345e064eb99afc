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

  /**
   * S7 tel: the HOLDs in assembly were shared by all sources, oldest pushed out first, so one
   * source could push out everyone's partial notes. Now a source over its share pushes out its own
   * oldest, and another source's partial message survives. Fails without the per-source bound.
   */
  @Test
  void oneSourcePushesOutOnlyItsOwnPartialMessages() {
    Reassembly r = new Reassembly(4, 2, 10_000, 16);
    InetSocketAddress otherPort = new InetSocketAddress("10.0.0.1", 4001);
    r.add(OTHER, 7, 0, 2, new byte[] {7}, 0);
    for (long id = 1; id <= 10; id++) {
      r.add(id % 2 == 0 ? NODE : otherPort, id, 0, 2, new byte[] {1}, 0);
    }
    assertThat(r.dropped()).as("8 of the flooding source's own").isEqualTo(8);
    assertThat(r.add(OTHER, 7, 1, 2, new byte[] {8}, 0))
        .as("the other source's partial message survived")
        .containsExactly(7, 8);
    assertThat(r.add(otherPort, 9, 1, 2, new byte[] {2}, 0))
        .as("the flooding source's newest survived")
        .containsExactly(1, 2);
    r.add(OTHER, 11, 0, 2, new byte[] {1}, 0);
    r.add(OTHER, 12, 0, 2, new byte[] {1}, 0);
    r.add(NODE, 13, 0, 2, new byte[] {1}, 0);
    assertThat(r.dropped()).isEqualTo(8);
    r.add(new InetSocketAddress("10.0.0.3", 4000), 14, 0, 2, new byte[] {1}, 0);
    assertThat(r.dropped()).as("the whole bound still pushes out the oldest").isEqualTo(9);
  }

  private static Reassembly byNetwork(int max, int perNetwork) {
    return new Reassembly(max, perNetwork, 10_000, 1, a -> IpPrefix.network(a, 24, 64));
  }

  /**
   * S8 tel: the share of HOLDs in assembly is per network (IPv4 /24, IPv6 /64), not per address:
   * addresses of one /24 push out their own oldest, not another network's.
   */
  @Test
  void addressesOfOneNetworkShareItsPlaces() {
    Reassembly r = byNetwork(16, 4);
    InetSocketAddress elsewhere = new InetSocketAddress("192.0.2.9", 4000);
    r.add(elsewhere, 99, 0, 2, new byte[] {9}, 0);
    for (int i = 1; i <= 6; i++) {
      r.add(new InetSocketAddress("198.51.100." + i, 4000), i, 0, 2, new byte[] {1}, 0);
    }
    assertThat(r.dropped()).as("two of the /24's own, over its 4").isEqualTo(2);
    assertThat(r.add(new InetSocketAddress("198.51.100.1", 4000), 1, 1, 2, new byte[] {2}, 0))
        .as("its oldest went")
        .isNull();
    assertThat(r.add(new InetSocketAddress("198.51.100.6", 4000), 6, 1, 2, new byte[] {2}, 0))
        .containsExactly(1, 2);
    assertThat(r.add(elsewhere, 99, 1, 2, new byte[] {8}, 0)).containsExactly(9, 8);
  }

  /**
   * S8 tel: with every place taken, the oldest of all used to go: 16 prefixes of 16 places each
   * (cheap with IPv6 /64s) pushed out anyone's partial note. Now the network holding the most loses
   * its oldest: a flood from 254 networks (with the honest one, fewer sources than places), each
   * sending many partial HOLDs, never pushes out an honest one. Fails with the oldest of all
   * dropped.
   */
  @Test
  void aFloodFromManyNetworksPushesOutOnlyItsOwn() {
    Reassembly r = byNetwork(256, 4);
    InetSocketAddress honest = new InetSocketAddress("203.0.113.5", 4000);
    r.add(honest, 1, 0, 2, new byte[] {1}, 0);
    for (int i = 0; i < 4_000; i++) {
      int net = i % 254;
      r.add(
          new InetSocketAddress("10." + (net / 200) + "." + (net % 200) + ".1", 4000),
          1_000 + i,
          0,
          16,
          new byte[] {0},
          0);
    }
    assertThat(r.dropped()).as("the flood pushed out its own").isGreaterThan(3_000);
    assertThat(r.add(honest, 1, 1, 2, new byte[] {2}, 0))
        .as("the honest partial HOLD survived")
        .containsExactly(1, 2);
  }
}
