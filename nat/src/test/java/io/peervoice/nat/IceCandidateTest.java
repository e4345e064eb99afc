package io.peervoice.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IceCandidateTest {

  @Test
  void writesAndParsesTheSdpForm() {
    IceCandidate srflx =
        new IceCandidate(
            "4",
            1,
            1694498815,
            "198.51.100.7",
            40000,
            CandidateType.SERVER_REFLEXIVE,
            "192.0.2.2",
            5000);
    assertThat(srflx.toSdp())
        .isEqualTo(
            "candidate:4 1 udp 1694498815 198.51.100.7 40000 typ srflx raddr 192.0.2.2 rport 5000");
    assertThat(IceCandidate.parseSdp("a=" + srflx.toSdp())).isEqualTo(srflx);
    IceCandidate host =
        new IceCandidate("1", 1, 2130706431, "fd00::2", 5000, CandidateType.HOST, null, 0);
    assertThat(IceCandidate.parseSdp(host.toSdp() + " generation 0")).isEqualTo(host);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "candidate:1 1 tcp 1 192.0.2.1 9 typ host",
        "candidate:1 1 udp x 192.0.2.1 9 typ host",
        "candidate:1 1 udp 1 192.0.2.1 9 typ bogus",
        "candidate:1 1 udp 1 192.0.2.1 70000 typ host",
        "candidate:1 1 udp 1 192.0.2.1 4294967297 typ host",
        "candidate:1 4294967297 udp 1 192.0.2.1 9 typ host",
        "candidate:1 1 udp 1 192.0.2.1 9 typ srflx raddr 192.0.2.2 rport 4294967297",
        "candidate:1 1 udp 1 192.0.2.1 9 host",
        "foundation 1 udp 1 192.0.2.1 9 typ host",
      })
  void rejectsMalformedCandidatesWithAClearError(String sdp) {
    assertThatThrownBy(() -> IceCandidate.parseSdp(sdp))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parametersValidateCredentialsAndHideThePassword() {
    assertThatThrownBy(() -> new IceParameters("abc", "x".repeat(22), java.util.List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    IceParameters p = new IceParameters("abcd", "secret-password-1234567", java.util.List.of());
    assertThat(p.toString()).doesNotContain("secret");
  }
}
