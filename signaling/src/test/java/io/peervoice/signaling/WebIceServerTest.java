package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** S7 webmedia: the ICE servers a node names for its browsers, and their JSON. */
class WebIceServerTest {
  @Test
  void stunAndTurnEntriesAsRtcIceServer() {
    assertThat(new WebIceServer("stun:stun.example.org:3478", null, null).toJson())
        .isEqualTo("{\"urls\":\"stun:stun.example.org:3478\"}");
    assertThat(new WebIceServer("turns:[2001:db8::1]:5349", "alice", "s3cret").toJson())
        .isEqualTo(
            "{\"urls\":\"turns:[2001:db8::1]:5349\",\"username\":\"alice\",\"credential\":\"s3cret\"}");
  }

  @Test
  void nothingThatCouldBreakOutOfItsJsonString() {
    assertThatThrownBy(() -> new WebIceServer("stun:a\",\"x", null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WebIceServer("turn:a", "u\"", "p"))
        .hasMessageContaining("no quote or backslash");
    assertThatThrownBy(() -> new WebIceServer("turn:a", "u", "p\\"))
        .hasMessageContaining("no quote or backslash");
    assertThatThrownBy(() -> new WebIceServer("turn:a", null, null))
        .hasMessageContaining("needs a username");
    assertThatThrownBy(() -> new WebIceServer("stun:a", "u", "p"))
        .hasMessageContaining("no username");
    assertThatThrownBy(() -> new WebIceServer("stun:a:70000", null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WebIceServer("http://a", null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
