package io.peervoice.signaling.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.internal.wire.WireException;
import io.peervoice.testkit.DecodeBudget;

/**
 * {@link CallWire#decodeTagged} on arbitrary opened payloads (a caller chooses every byte): it
 * throws nothing but {@link WireException}, stays within a {@link DecodeBudget}, and re-encoding
 * what it accepts is a fixpoint. Seeds: {@code CallWireFuzzTestInputs/decode/}.
 */
class CallWireFuzzTest {
  private static final CallWire WIRE = new CallWire();
  private static final DecodeBudget BUDGET = DecodeBudget.standard();

  @FuzzTest(maxDuration = "10m")
  void decode(byte[] data) throws WireException {
    CallWire.Tagged tagged =
        DecodeBudget.valueOrAllowed(
            BUDGET.run(data.length, () -> WIRE.decodeTagged(data)), WireException.class);
    if (tagged == null) {
      return;
    }
    CallMessage message = tagged.message();
    byte[] encoded = WIRE.encode(message, tagged.device());
    CallWire.Tagged again = WIRE.decodeTagged(encoded);
    assertThat(again.message().getClass()).isEqualTo(message.getClass());
    assertThat(again.message().callId()).isEqualTo(message.callId());
    assertThat(again.message().seq()).isEqualTo(message.seq());
    assertThat(again.device()).isEqualTo(tagged.device());
    assertThat(WIRE.encode(again.message(), again.device())).isEqualTo(encoded);
  }
}
