package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.AddressPolicy;
import io.peervoice.nat.CandidateType;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidateFilterTest {
  private static final Map<String, String> INTERFACES =
      Map.of("192.0.2.2", "eth0", "10.0.0.5", "wlan0", "fd00::2", "eth0");

  private static final IceCandidate ETH_V4 = host("192.0.2.2");
  private static final IceCandidate WLAN_V4 = host("10.0.0.5");
  private static final IceCandidate ETH_V6 = host("fd00::2");
  private static final IceCandidate SRFLX_OF_WLAN =
      new IceCandidate(
          "2", 1, 1000, "198.51.100.9", 4000, CandidateType.SERVER_REFLEXIVE, "10.0.0.5", 4000);
  private static final IceCandidate RELAY_OF_ETH =
      new IceCandidate("3", 1, 10, "203.0.113.1", 5000, CandidateType.RELAYED, "192.0.2.2", 4000);
  private static final List<IceCandidate> ALL =
      List.of(ETH_V4, WLAN_V4, ETH_V6, SRFLX_OF_WLAN, RELAY_OF_ETH);

  private static IceCandidate host(String address) {
    return new IceCandidate("1", 1, 2_000_000_000L, address, 4000, CandidateType.HOST, null, 0);
  }

  private static List<IceCandidate> offered(IceConfig config) {
    CandidateFilter filter = new CandidateFilter(config, INTERFACES::get);
    return ALL.stream().filter(filter::offers).toList();
  }

  @Test
  void offersEverythingByDefault() {
    assertThat(offered(IceConfig.defaults())).isEqualTo(ALL);
  }

  @Test
  void theAddressPolicyKeepsOneFamily() {
    assertThat(offered(IceConfig.builder().addressPolicy(AddressPolicy.IPV4_ONLY).build()))
        .containsExactly(ETH_V4, WLAN_V4, SRFLX_OF_WLAN, RELAY_OF_ETH);
    assertThat(offered(IceConfig.builder().addressPolicy(AddressPolicy.IPV6_ONLY).build()))
        .containsExactly(ETH_V6);
  }

  @Test
  void relayOnlyOffersNothingButRelays() {
    assertThat(offered(IceConfig.builder().relayOnly(true).build())).containsExactly(RELAY_OF_ETH);
  }

  @Test
  void interfaceListsApplyToHostsAndWhatIsBasedOnThem() {
    assertThat(offered(IceConfig.builder().allowInterface("eth0").build()))
        .containsExactly(ETH_V4, ETH_V6, RELAY_OF_ETH);
    assertThat(offered(IceConfig.builder().blockInterface("eth0").build()))
        .containsExactly(WLAN_V4, SRFLX_OF_WLAN);
  }
}
