package io.peervoice.signaling.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.internal.wire.WireException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** S6 missed: the MISSED_CALL call message (type 50) on the wire and its bounds. */
class MissedCallWireTest {
  private final CallWire wire = new CallWire();

  private static List<byte[]> frames(int count, int size) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] f = new byte[size];
      f[0] = (byte) i;
      out.add(f);
    }
    return out;
  }

  @Test
  void aNoteWithTextAndVoiceRoundTrips() throws WireException {
    CallMessage.MissedCall note =
        new CallMessage.MissedCall(
            new CallId(7, 9), 0, 1_800_000_000_123L, "ruf mich zurück ☎", frames(100, 20));
    byte[] encoded = wire.encode(note);
    CallMessage.MissedCall back = (CallMessage.MissedCall) wire.decode(encoded);
    assertThat(back.callId()).isEqualTo(note.callId());
    assertThat(back.timestampMillis()).isEqualTo(note.timestampMillis());
    assertThat(back.text()).isEqualTo(note.text());
    assertThat(back.voice()).hasSize(100);
    assertThat(back.voice().get(42)).isEqualTo(note.voice().get(42));
    assertThat(back.voiceMillis()).isEqualTo(2_000);
  }

  @Test
  void theLargestNoteFitsOneOverlayMessage() {
    List<byte[]> voice = new ArrayList<>(frames(750, 20));
    int left = CallMessage.MissedCall.MAX_VOICE_BYTES - 750 * 20;
    for (int i = 0; left > 0; i++, left -= 20) {
      voice.set(i, new byte[40]);
    }
    CallMessage.MissedCall biggest =
        new CallMessage.MissedCall(
            new CallId(-1, -1), Integer.MAX_VALUE, Long.MAX_VALUE, "é".repeat(140), voice);
    assertThat(wire.encode(biggest).length)
        .isLessThanOrEqualTo(io.peervoice.signaling.OverlayLimits.MAX_MESSAGE);
  }

  @Test
  void boundsAreCheckedBothWays() {
    CallId id = new CallId(1, 2);
    assertThatThrownBy(() -> new CallMessage.MissedCall(id, 0, 1, "é".repeat(141), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CallMessage.MissedCall(id, 0, 1, "", frames(751, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CallMessage.MissedCall(id, 0, 1, "", frames(13, 1275)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CallMessage.MissedCall(id, 0, 1, "", List.of(new byte[0])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new CallMessage.MissedCall(id, 0, 1, "", Collections.nCopies(1, new byte[1276])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theFuzzSeedsOverTheBoundsAreRefused() throws IOException, WireException {
    for (String seed :
        List.of("missed-call-empty-frame", "missed-call-long-text", "missed-call-big-frames")) {
      byte[] data = seed(seed);
      assertThatThrownBy(() -> wire.decode(data)).as(seed).isInstanceOf(WireException.class);
    }
    CallMessage.MissedCall ok = (CallMessage.MissedCall) wire.decode(seed("missed-call"));
    assertThat(ok.text()).isEqualTo("call me back");
    assertThat(ok.voice()).hasSize(2);
  }

  private static byte[] seed(String name) throws IOException {
    try (InputStream in =
        MissedCallWireTest.class.getResourceAsStream("CallWireFuzzTestInputs/decode/" + name)) {
      return in.readAllBytes();
    }
  }
}
