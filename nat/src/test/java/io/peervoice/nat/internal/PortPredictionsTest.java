package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.IceConfig;
import org.junit.jupiter.api.Test;

/**
 * When a port-prediction burst may go: only when it is on and the session may show the peer our
 * address. A relay-only session (the privacy setting; a stranger's call keeps it after the answer)
 * never sprays from its host ports, which would show the peer our public address.
 */
class PortPredictionsTest {
  @Test
  void aRelayOnlySessionNeverBursts() {
    IceConfig on = IceConfig.builder().portPrediction(true).build();
    assertThat(PortPredictions.wanted(on)).isTrue();
    assertThat(PortPredictions.wanted(on.toBuilder().relayOnly(true).build()))
        .as("relay-only (as PhoneMedia derives it for strangers) with prediction on")
        .isFalse();
    assertThat(PortPredictions.wanted(IceConfig.defaults())).as("off by default").isFalse();
  }
}
