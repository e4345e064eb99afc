package io.peervoice.signaling.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.testkit.DecodeBudget;

/**
 * {@link WireCodec#decode} on arbitrary datagrams: it throws nothing but {@link WireException},
 * stays within a {@link DecodeBudget} (no allocation a CBOR length claims), and re-encoding what it
 * accepts is a fixpoint: {@code encode(decode(encode(m)))} equals {@code encode(m)}. Generic over
 * message types, so new ones are covered as they are added. Seeds: {@code
 * WireCodecFuzzTestInputs/decode/}.
 */
class WireCodecFuzzTest {
  private static final WireCodec CODEC = new WireCodec();
  private static final DecodeBudget BUDGET = DecodeBudget.standard();

  @FuzzTest(maxDuration = "10m")
  void decode(byte[] data) throws WireException {
    Msg msg =
        DecodeBudget.valueOrAllowed(
            BUDGET.run(data.length, () -> CODEC.decode(data)), WireException.class);
    if (msg == null) {
      return;
    }
    byte[] encoded = CODEC.encode(msg);
    Msg again = CODEC.decode(encoded);
    assertThat(again.getClass()).isEqualTo(msg.getClass());
    assertThat(again.tx()).isEqualTo(msg.tx());
    assertThat(CODEC.encode(again)).isEqualTo(encoded);
  }
}
