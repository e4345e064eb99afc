package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.TurnServer;
import org.junit.jupiter.api.Test;

class StreamRelayedCandidatePriorityTest {

  /** RFC 8445 §5.1.2.1 priority of a relayed candidate (type preference 0), component 1. */
  private static long relayed(int localPreference) {
    return ((long) localPreference << 8) + (256 - 1);
  }

  @Test
  void streamRelaysRankBelowEveryUdpRelayAndTlsBelowTcp() {
    long udpMultiHomed = relayed(10); // ice4j: IPv4 with two or more host candidates
    long udpSingle = relayed(65535); // ice4j: one host candidate, or none (relay only)
    long tcp = StreamRelayedCandidate.withStreamPreference(udpSingle, TurnServer.Transport.TCP);
    long tls = StreamRelayedCandidate.withStreamPreference(udpSingle, TurnServer.Transport.TLS);

    assertThat(tcp).isLessThan(udpMultiHomed).isLessThan(udpSingle);
    assertThat(tls).isLessThan(tcp);
  }

  @Test
  void onlyTheLocalPreferenceChanges() {
    long typeAndComponent = (126L << 24) + (256 - 2);
    long priority = typeAndComponent + (40L << 8);

    long tcp = StreamRelayedCandidate.withStreamPreference(priority, TurnServer.Transport.TCP);

    assertThat(tcp)
        .isEqualTo(typeAndComponent + (StreamRelayedCandidate.TCP_LOCAL_PREFERENCE << 8));
  }
}
