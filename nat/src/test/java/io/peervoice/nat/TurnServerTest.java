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
}
