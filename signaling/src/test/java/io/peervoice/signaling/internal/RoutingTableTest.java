package io.peervoice.signaling.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.RoutingTable.Offer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");

  private static PeerId id(int... leading) {
    byte[] b = new byte[PeerId.LENGTH];
    for (int i = 0; i < leading.length; i++) {
      b[i] = (byte) leading[i];
    }
    return new PeerId(b);
  }

  private static NodeRef node(PeerId id) {
    return new NodeRef(id, new java.net.InetSocketAddress("198.51.100.1", 4000));
  }

  @Test
  void bucketsFollowTheSharedPrefixWithOurId() {
    RoutingTable table = new RoutingTable(id(0), 2);
    assertThat(table.bucketOf(id(0x80))).isZero();
    assertThat(table.bucketOf(id(0x01))).isEqualTo(7);
    assertThat(table.bucketOf(id(0x00, 0x40))).isEqualTo(9);
  }

  @Test
  void aFullBucketKeepsItsOldNodesAndNamesTheOneToPing() {
    RoutingTable table = new RoutingTable(id(0), 2);
    assertThat(table.offer(node(id(0x80)), T0)).isEqualTo(new RoutingTable.Offer.Added());
    assertThat(table.offer(node(id(0x81)), T0)).isEqualTo(new RoutingTable.Offer.Added());
    assertThat(table.offer(node(id(0x80)), T0.plusSeconds(1)))
        .isEqualTo(new RoutingTable.Offer.Refreshed());
    assertThat(table.offer(node(id(0x82)), T0.plusSeconds(2)))
        .isEqualTo(new RoutingTable.Offer.BucketFull(node(id(0x81))));
    assertThat(table.evict(id(0x81))).isTrue();
    assertThat(table.offer(node(id(0x82)), T0.plusSeconds(3)))
        .isEqualTo(new RoutingTable.Offer.Added());
    assertThat(table.offer(node(id(0)), T0)).isEqualTo(new RoutingTable.Offer.Self());
    assertThat(table.size()).isEqualTo(2);
  }

  @Test
  void closestAreOrderedByXorDistance() {
    Random random = new Random(5);
    PeerId self = id(0x55);
    RoutingTable table = new RoutingTable(self, 20);
    List<NodeRef> all = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[] b = new byte[PeerId.LENGTH];
      random.nextBytes(b);
      NodeRef n = node(new PeerId(b));
      if (table.offer(n, T0) instanceof RoutingTable.Offer.Added) {
        all.add(n);
      }
    }
    PeerId target = id(0x12, 0x34);
    List<NodeRef> expected =
        all.stream()
            .sorted(
                Comparator.comparing(
                    n -> target.distance(n.id()), java.util.Arrays::compareUnsigned))
            .limit(8)
            .toList();
    assertThat(table.closest(target, 8)).isEqualTo(expected);
  }

  @Test
  void bucketsUnchangedForTooLongNeedARefresh() {
    RoutingTable table = new RoutingTable(id(0), 20);
    table.offer(node(id(0x80)), T0);
    table.offer(node(id(0x01)), T0.plus(Duration.ofMinutes(50)));
    assertThat(table.staleBuckets(T0.plus(Duration.ofMinutes(61)), Duration.ofHours(1)))
        .containsExactly(0);
  }

  private static NodeRef at(PeerId id, String ip) {
    return new NodeRef(id, new java.net.InetSocketAddress(ip, 4000));
  }

  @Test
  void aBucketTakesAtMostTwoNodesOfOneSlash24() {
    RoutingTable table = new RoutingTable(id(0), 8, 2);
    assertThat(table.offer(at(id(0x80), "198.51.100.1"), T0)).isInstanceOf(Offer.Added.class);
    assertThat(table.offer(at(id(0x81), "198.51.100.77"), T0)).isInstanceOf(Offer.Added.class);
    NodeRef third = at(id(0x82), "198.51.100.200");
    assertThat(table.hasRoomFor(third)).isFalse();
    assertThat(table.offer(third, T0)).isEqualTo(new Offer.SubnetFull());
    assertThat(table.find(id(0x82))).isEmpty();
    assertThat(table.offer(at(id(0x82), "198.51.101.1"), T0))
        .as("the next /24 is another network")
        .isInstanceOf(Offer.Added.class);
    assertThat(table.offer(at(id(0x01), "198.51.100.3"), T0))
        .as("another bucket has its own quota")
        .isInstanceOf(Offer.Added.class);
    assertThat(table.offer(at(id(0x80), "198.51.100.1"), T0.plusSeconds(1)))
        .as("a node already held is refreshed")
        .isInstanceOf(Offer.Refreshed.class);
    assertThat(table.evict(id(0x81))).isTrue();
    assertThat(table.offer(at(id(0x83), "198.51.100.200"), T0.plusSeconds(2)))
        .as("room again once one of the two is gone")
        .isInstanceOf(Offer.Added.class);
    assertThat(table.size()).isEqualTo(4);
  }

  @Test
  void aNodeMovingIntoAFullSubnetIsRefused() {
    RoutingTable table = new RoutingTable(id(0), 8, 2);
    table.offer(at(id(0x80), "203.0.113.1"), T0);
    table.offer(at(id(0x81), "203.0.113.2"), T0);
    table.offer(at(id(0x82), "192.0.2.1"), T0);
    assertThat(table.offer(at(id(0x82), "203.0.113.3"), T0)).isEqualTo(new Offer.SubnetFull());
    assertThat(table.find(id(0x82))).contains(at(id(0x82), "192.0.2.1"));
  }

  @Test
  void ipv6CountsBySlash48() {
    RoutingTable table = new RoutingTable(id(0), 8, 2);
    assertThat(table.offer(at(id(0x80), "2001:db8:1:1::1"), T0)).isInstanceOf(Offer.Added.class);
    assertThat(table.offer(at(id(0x81), "2001:db8:1:ffff::2"), T0)).isInstanceOf(Offer.Added.class);
    assertThat(table.offer(at(id(0x82), "2001:db8:1:2::3"), T0))
        .as("same /48")
        .isEqualTo(new Offer.SubnetFull());
    assertThat(table.offer(at(id(0x82), "2001:db8:2::3"), T0))
        .as("another /48")
        .isInstanceOf(Offer.Added.class);
    assertThat(Subnet.of(new java.net.InetSocketAddress("2001:db8:1:2::3", 1)))
        .hasToString("2001:db8:1::/48");
    assertThat(Subnet.of(new java.net.InetSocketAddress("::ffff:198.51.100.9", 1)))
        .as("IPv4-mapped counts as IPv4")
        .isEqualTo(Subnet.of(new java.net.InetSocketAddress("198.51.100.1", 1)));
  }

  @Test
  void zeroTurnsTheLimitOffForLoopbackLabs() {
    RoutingTable table = new RoutingTable(id(0), 8, 0);
    for (int i = 0; i < 8; i++) {
      assertThat(table.offer(at(id(0x80 + i), "127.0.0.1"), T0)).isInstanceOf(Offer.Added.class);
    }
    assertThat(table.size()).isEqualTo(8);
  }
}
