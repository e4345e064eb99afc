package io.peervoice.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpLiteralTest {

  @Test
  void literalsAreRecognisedByTheirTextAlone() {
    for (String ok :
        new String[] {
          "192.0.2.2",
          "0.0.0.0",
          "255.255.255.255",
          "::",
          "::1",
          "fd00::2",
          "2001:db8::1:2",
          "1:2:3:4:5:6:7:8",
          "::ffff:192.0.2.1",
          "fe80::1:2:3:4:5",
          "1::",
          "1:2:3:4:5:6:1.2.3.4"
        }) {
      assertThat(IpLiteral.isIpLiteral(ok)).as(ok).isTrue();
    }
    for (String bad :
        new String[] {
          "",
          "localhost",
          "evil.example",
          "deadbeef.com",
          "1.2.3",
          "1.2.3.4.5",
          "256.1.1.1",
          "1.2.3.04444",
          "1::2::3",
          "1:2:3:4:5:6:7:8:9",
          "fe80::1%eth0",
          "[::1]",
          "12345::",
          "g::1",
          ":1",
          "1:",
          "1:2:3:4:5:6:7:1.2.3.4",
          "ab:cd",
          "1.2.3.4:5"
        }) {
      assertThat(IpLiteral.isIpLiteral(bad)).as(bad).isFalse();
    }
  }

  @Test
  void aCandidateNamingAHostIsRefusedNotResolved() {
    assertThatThrownBy(
            () -> IceCandidate.parseSdp("candidate:1 1 udp 2130706431 evil.example 5000 typ host"))
        .hasMessageContaining("IP literals");
    assertThatThrownBy(
            () ->
                IceCandidate.parseSdp(
                    "candidate:1 1 udp 1 192.0.2.9 5000 typ srflx raddr evil.example rport 1"))
        .hasMessageContaining("IP literals");
  }
}
