package io.peervoice.natives;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class StreamTallyTest {

  @Test
  void oneIpv6SlashSixtyFourIsOneSourceHoweverManyAddressesItUses() throws Exception {
    StreamServer.Tally tally =
        new StreamServer.Tally(StreamLimits.defaults().withConnections(100, 2));

    assertThat(tally.take(InetAddress.getByName("2001:db8:1:2::1"))).isTrue();
    assertThat(tally.take(InetAddress.getByName("2001:db8:1:2:ffff::7"))).isTrue();
    assertThat(tally.take(InetAddress.getByName("2001:db8:1:2:abcd:1:2:3"))).isFalse();
    assertThat(tally.refusedPerIp.sum()).isEqualTo(1);
    assertThat(tally.take(InetAddress.getByName("2001:db8:1:3::1"))).isTrue(); // another /64

    tally.release(InetAddress.getByName("2001:db8:1:2::1"));
    assertThat(tally.take(InetAddress.getByName("2001:db8:1:2::9"))).isTrue(); // its place freed
  }

  @Test
  void ipv4AddressesCountOneByOne() throws Exception {
    StreamServer.Tally tally =
        new StreamServer.Tally(StreamLimits.defaults().withConnections(100, 1));

    assertThat(tally.take(InetAddress.getByName("192.0.2.1"))).isTrue();
    assertThat(tally.take(InetAddress.getByName("192.0.2.2"))).isTrue();
    assertThat(tally.take(InetAddress.getByName("192.0.2.1"))).isFalse();
  }
}
