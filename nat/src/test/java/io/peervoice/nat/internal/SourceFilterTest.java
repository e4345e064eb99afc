package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.junit.jupiter.api.Test;

class SourceFilterTest {

  @Test
  void admitsOnlyTheSelectedAddressAndPortAndCountsTheRest() {
    SourceFilter filter = SourceFilter.of(new TransportAddress("192.0.2.2", 5000, Transport.UDP));
    assertThat(filter.admits(new InetSocketAddress("192.0.2.2", 5000))).isTrue();
    assertThat(filter.admits(new InetSocketAddress("192.0.2.2", 5001))).isFalse();
    assertThat(filter.admits(new InetSocketAddress("192.0.2.3", 5000))).isFalse();
    assertThat(filter.admits(null)).isFalse();
    assertThat(filter.dropped()).isEqualTo(3);
  }
}
