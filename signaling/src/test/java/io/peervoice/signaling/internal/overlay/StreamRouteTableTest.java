package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.StreamRoute;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamRouteTableTest {

  private static boolean ok(String address) throws Exception {
    return StreamRouteTable.globalUnicast(InetAddress.getByName(address));
  }

  @Test
  void aRecordMayPointUsOnlyAtPublicUnicastAddresses() throws Exception {
    assertThat(ok("198.51.100.4")).isTrue();
    assertThat(ok("2001:db8::1")).isTrue();
    for (String local :
        new String[] {
          "127.0.0.1",
          "::1",
          "0.0.0.0",
          "10.1.2.3",
          "172.16.0.1",
          "192.168.1.1",
          "169.254.1.1",
          "fe80::1",
          "fd00::1",
          "100.64.0.1",
          "224.0.0.1"
        }) {
      assertThat(ok(local)).as(local).isFalse();
    }
  }

  private static final InetSocketAddress NODE = new InetSocketAddress("198.51.100.4", 5000);

  private static PeerId id(int b) {
    byte[] bytes = new byte[PeerId.LENGTH];
    Arrays.fill(bytes, (byte) b);
    return new PeerId(bytes);
  }

  private static NodeAddress record(PeerId id, int tcp, int tls) {
    return new NodeAddress(id, "198.51.100.4", 5000, tcp, tls);
  }

  @Test
  void nodesMayNameOnlyTheUdpPortOr443AndNeverPin() {
    StreamRouteTable table = new StreamRouteTable(List.of());
    table.named(NODE, 25, 8443, false); // a hostile node aims us at a mail server: dropped
    assertThat(table.get(NODE)).isNull();
    table.named(NODE, 5000, 8443, false);
    assertThat(table.get(NODE).tcpPort()).isEqualTo(5000);
    assertThat(table.get(NODE).tlsPort()).isZero();
    assertThat(table.get(NODE).pinnedNode()).isNull();
    table.named(NODE, 0, 443, false);
    assertThat(table.get(NODE).tlsPort()).isEqualTo(443);
  }

  @Test
  void aBetterSourceReplacesAWorseOneNeverTheReverse() {
    StreamRouteTable table = new StreamRouteTable(List.of());
    table.named(NODE, 5000, 443, false); // NODES first (an attacker could be quicker)
    table.learn(record(id(1), 7000, 7001), NODE); // a signed record beats it
    assertThat(table.get(NODE).tcpPort()).isEqualTo(7000);
    assertThat(table.get(NODE).pinnedNode()).isEqualTo(id(1));
    table.named(NODE, 5000, 443, false); // a later NODES answer does not undo it
    assertThat(table.get(NODE).tcpPort()).isEqualTo(7000);
    table.named(NODE, 9000, 9001, true); // the node's own PONG beats both
    assertThat(table.get(NODE).tcpPort()).isEqualTo(9000);
    table.learn(record(id(2), 7000, 7001), NODE);
    table.named(NODE, 5000, 443, false);
    assertThat(table.get(NODE).tcpPort()).isEqualTo(9000);
    table.named(NODE, 9100, 0, true); // the node may change its mind
    assertThat(table.get(NODE).tcpPort()).isEqualTo(9100);
  }

  @Test
  void thePongOfTheRealNodeDropsAnyEarlierPin() {
    StreamRouteTable table = new StreamRouteTable(List.of(StreamRoute.assumed(NODE)));
    table.learn(record(id(6), 5000, 443), NODE); // a pin named by someone else
    assertThat(table.get(NODE).pinnedNode()).isEqualTo(id(6));
    table.named(NODE, 5000, 443, true);
    assertThat(table.get(NODE).pinnedNode()).isNull(); // the stream proves the id itself
    assertThat(table.get(NODE).assumed()).isFalse();
  }

  @Test
  void learntRoutesAreBoundedLeastRecentlyUsedFirstOut() {
    StreamRouteTable table = new StreamRouteTable(List.of());
    InetSocketAddress first = new InetSocketAddress("198.51.100.1", 5000);
    table.named(first, 5000, 0, true);
    for (int i = 0; i < StreamRouteTable.MAX_LEARNT; i++) {
      if (i == StreamRouteTable.MAX_LEARNT / 2) {
        assertThat(table.get(first)).isNotNull(); // used: kept
      }
      table.named(new InetSocketAddress("203.0.113." + (i % 250), 10_000 + i), 443, 0, true);
    }
    assertThat(table.get(first)).isNotNull();
    InetSocketAddress last = new InetSocketAddress("198.51.100.2", 5000);
    table.named(last, 5000, 0, true); // a route learnt after 1,024 others still counts
    assertThat(table.get(last)).isNotNull();
    assertThat(table.get(new InetSocketAddress("203.0.113.0", 10_000))).isNull();
  }
}
