package io.peervoice.nat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The one enumeration of the machine's interfaces, and its one rule. */
class LocalInterfacesTest {
  @Test
  void usableInterfacesCarryNoLoopbackOrLinkLocalAddressAndAreSortedByName() {
    var usable = LocalInterfaces.usable();
    assertThat(usable)
        .allSatisfy(
            u ->
                assertThat(u.addresses())
                    .isNotEmpty()
                    .noneMatch(InetAddress::isLoopbackAddress)
                    .noneMatch(InetAddress::isLinkLocalAddress));
    assertThat(LocalInterfaces.names()).isSorted().doesNotContain("lo");
    assertThat(LocalInterfaces.any()).isEqualTo(!usable.isEmpty());
    assertThat(LocalInterfaces.addresses())
        .containsExactlyInAnyOrderElementsOf(
            usable.stream().flatMap(u -> u.addresses().stream()).toList());
    assertThat(NetworkMonitor.systemAddresses()).isEqualTo(LocalInterfaces.addresses());
  }

  @Test
  void ourAddressesAreLocalAndADocumentationAddressIsNot() throws Exception {
    assertThat(LocalInterfaces.isLocal(InetAddress.getLoopbackAddress())).isTrue();
    assertThat(LocalInterfaces.isLocal(InetAddress.getByName("0.0.0.0"))).isTrue();
    assertThat(LocalInterfaces.addresses()).allMatch(LocalInterfaces::isLocal);
    assertThat(LocalInterfaces.isLocal(InetAddress.getByName("192.0.2.1"))).isFalse();
  }
}
