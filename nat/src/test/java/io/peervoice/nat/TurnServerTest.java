package io.peervoice.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing TURN server settings: pure logic, no TURN server needed. */
class TurnServerTest {

  @Test
  void turnCredentialsParseAndNeverPrint() {
    TurnServer t = TurnServer.parse("alice:s3cret@turn.example.org:3479");
    assertThat(t).isEqualTo(new TurnServer("turn.example.org", 3479, "alice", "s3cret"));
    assertThat(t.toString()).contains("turn.example.org").doesNotContain("s3cret");
    assertThatThrownBy(() -> TurnServer.parse("turn.example.org"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("USER:PASSWORD@HOST");
  }

  @Test
  void thePortDefaultsTo3478AndThePasswordMayHoldColonsAndAtSigns() {
    assertThat(TurnServer.parse("bob:pa:ss@w0rd@198.51.100.1"))
        .isEqualTo(new TurnServer("198.51.100.1", 3478, "bob", "pa:ss@w0rd"));
    assertThatThrownBy(() -> TurnServer.parse("bob:pw@turn.example.org:0"))
        .hasMessageContaining("1..65535");
    assertThatThrownBy(() -> TurnServer.parse("bob:pw@turn.example.org:x"))
        .hasMessageContaining("HOST[:PORT]");
  }

  @Test
  void turnUrisAsWebRtcWritesThem() {
    assertThat(TurnServer.fromUri("turn:turn.example.org", "u", "p"))
        .isEqualTo(new TurnServer("turn.example.org", 3478, "u", "p", TurnServer.Transport.UDP));
    assertThat(TurnServer.fromUri("turn:198.51.100.1:3479?transport=udp", "u", "p"))
        .isEqualTo(new TurnServer("198.51.100.1", 3479, "u", "p", TurnServer.Transport.UDP));
    assertThat(TurnServer.fromUri("turn:turn.example.org?transport=tcp", "u", "p"))
        .isEqualTo(new TurnServer("turn.example.org", 3478, "u", "p", TurnServer.Transport.TCP));
    assertThat(TurnServer.fromUri("turns:turn.example.org", "u", "p"))
        .isEqualTo(new TurnServer("turn.example.org", 5349, "u", "p", TurnServer.Transport.TLS));
    assertThat(TurnServer.fromUri("TURNS:turn.example.org:443?transport=tcp", "u", "p"))
        .isEqualTo(new TurnServer("turn.example.org", 443, "u", "p", TurnServer.Transport.TLS));
    assertThat(TurnServer.fromUri("turn:[2001:db8::1]:3480?transport=tcp", "u", "p"))
        .isEqualTo(new TurnServer("2001:db8::1", 3480, "u", "p", TurnServer.Transport.TCP));
    assertThat(TurnServer.fromUri("turns:[2001:db8::1]", "u", "p").port()).isEqualTo(5349);
  }

  @Test
  void theCliFormTakesAUriAfterTheCredentials() {
    TurnServer t = TurnServer.parse("alice:s3:cr@t@turns:turn.example.org:443");
    assertThat(t)
        .isEqualTo(
            new TurnServer("turn.example.org", 443, "alice", "s3:cr@t", TurnServer.Transport.TLS));
    assertThat(t.toString())
        .isEqualTo("TurnServer[alice@turns:turn.example.org:443?transport=tcp]")
        .doesNotContain("s3:cr@t");
    assertThat(TurnServer.parse("bob:pw@turn:10.0.0.1?transport=tcp").transport())
        .isEqualTo(TurnServer.Transport.TCP);
    assertThat(TurnServer.parse("bob:pw@10.0.0.1").transport()).isEqualTo(TurnServer.Transport.UDP);
  }

  @Test
  void badUrisSayWhatIsWrong() {
    assertThatThrownBy(() -> TurnServer.fromUri("turns:h?transport=udp", "u", "p"))
        .hasMessageContaining("DTLS");
    assertThatThrownBy(() -> TurnServer.fromUri("turn:h?transport=sctp", "u", "p"))
        .hasMessageContaining("udp or tcp");
    assertThatThrownBy(() -> TurnServer.fromUri("turn:h?proto=tcp", "u", "p"))
        .hasMessageContaining("?transport=udp|tcp");
    assertThatThrownBy(() -> TurnServer.fromUri("turn:h:99999", "u", "p"))
        .hasMessageContaining("1..65535");
    assertThatThrownBy(() -> TurnServer.fromUri("turn:h:x", "u", "p"))
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> TurnServer.fromUri("turn:", "u", "p"))
        .hasMessageContaining("needs a host");
    assertThatThrownBy(() -> TurnServer.fromUri("turn:[::1", "u", "p"))
        .hasMessageContaining("unclosed [");
    assertThatThrownBy(() -> TurnServer.fromUri("stun:h", "u", "p"))
        .hasMessageContaining("not a TURN URI");
  }
}
