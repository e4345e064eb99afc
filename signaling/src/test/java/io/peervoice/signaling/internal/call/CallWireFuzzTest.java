package io.peervoice.signaling.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.fuzz.DecodeBudget;
import io.peervoice.signaling.internal.wire.WireException;

/**
 * {@link CallWire#decode} on arbitrary opened payloads (a caller chooses every byte): it throws
 * nothing but {@link WireException}, stays within a {@link DecodeBudget}, and re-encoding what it
 * accepts is a fixpoint. Seeds: {@code CallWireFuzzTestInputs/decode/}.
 */
class CallWireFuzzTest {
  private static final CallWire WIRE = new CallWire();
  private static final DecodeBudget BUDGET = DecodeBudget.standard();

  @FuzzTest(maxDuration = "10m")
  void decode(byte[] data) throws WireException {
    CallMessage message =
        DecodeBudget.valueOrAllowed(
            BUDGET.run(data.length, () -> WIRE.decode(data)), WireException.class);
    if (message == null) {
      return;
    }
    byte[] encoded = WIRE.encode(message);
    CallMessage again = WIRE.decode(encoded);
    assertThat(again.getClass()).isEqualTo(message.getClass());
    assertThat(again.callId()).isEqualTo(message.callId());
    assertThat(again.seq()).isEqualTo(message.seq());
    assertThat(WIRE.encode(again)).isEqualTo(encoded);
  }
}
