package io.peervoice.signaling.internal.call;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.signaling.internal.wire.WireException;
import io.peervoice.testkit.DecodeBudget;

/**
 * {@link CallWire#decodeTagged} on arbitrary opened payloads (a caller chooses every byte): it
 * throws nothing but {@link WireException}, stays within a {@link DecodeBudget}, and re-encoding
 * what it accepts is a fixpoint ({@link CallWireFuzzing}). Seeds: {@code
 * CallWireFuzzTestInputs/decode/}.
 */
class CallWireFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void decode(byte[] data) throws WireException {
    CallWire.Tagged tagged = CallWireFuzzing.decode(data);
    if (tagged != null) {
      CallWireFuzzing.roundTrip(tagged);
    }
  }
}
