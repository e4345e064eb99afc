package io.peervoice.signaling.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.internal.wire.WireException;
import io.peervoice.testkit.DecodeBudget;

/**
 * S6 presence: {@link CallWire#decodeTagged} on arbitrary opened payloads, seeded with the presence
 * messages (PRESENCE_PROBE, PRESENCE_ANSWER, a BUSY with its appended reason): it throws nothing
 * but {@link WireException}, stays within a {@link DecodeBudget}, and every presence field (and a
 * BUSY's reason) survives re-encoding ({@link CallWireFuzzing}). Seeds: {@code
 * PresenceWireFuzzTestInputs/decode/}.
 */
class PresenceWireFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void decode(byte[] data) throws WireException {
    CallWire.Tagged tagged = CallWireFuzzing.decode(data);
    if (tagged == null) {
      return;
    }
    CallMessage m = tagged.message();
    CallWire.Tagged again = CallWireFuzzing.roundTrip(tagged);
    if (m instanceof CallMessage.PresenceProbe p) {
      CallMessage.PresenceProbe q = (CallMessage.PresenceProbe) again.message();
      assertThat(q.target()).isEqualTo(p.target()).hasSize(20);
      assertThat(q.timestampMillis()).isEqualTo(p.timestampMillis());
      assertThat(q.callId()).isEqualTo(p.callId());
    } else if (m instanceof CallMessage.Busy b) {
      assertThat(b.reason()).isIn(EndReason.BUSY, EndReason.DO_NOT_DISTURB);
      assertThat(again.message()).isEqualTo(m);
    } else if (m instanceof CallMessage.PresenceAnswer) {
      assertThat(again.message()).isEqualTo(m);
    }
  }
}
