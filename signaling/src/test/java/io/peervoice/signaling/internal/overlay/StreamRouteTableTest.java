package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
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
}
