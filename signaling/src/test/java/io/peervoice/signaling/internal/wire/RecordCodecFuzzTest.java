package io.peervoice.signaling.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.testkit.DecodeBudget;
import java.nio.charset.StandardCharsets;

/**
 * {@link RecordCodec#decode} on arbitrary bytes (records arrive in STORE, PUBLISH and RECORD): it
 * throws nothing but {@link WireException}, stays within a {@link DecodeBudget}, never accepts more
 * than {@link LocationRecord#MAX_NODES} nodes or hosts whose UTF-8 length does not fit the one-byte
 * length of the signed canonical form, and its records encode and decode back to equal records.
 * Seeds: {@code RecordCodecFuzzTestInputs/decode/}.
 */
class RecordCodecFuzzTest {
  private static final RecordCodec CODEC = new RecordCodec();
  private static final DecodeBudget BUDGET = DecodeBudget.standard();

  @FuzzTest(maxDuration = "10m")
  void decode(byte[] data) throws WireException {
    LocationRecord record =
        DecodeBudget.valueOrAllowed(
            BUDGET.run(data.length, () -> CODEC.decode(data)), WireException.class);
    if (record == null) {
      return;
    }
    assertThat(data.length).isLessThanOrEqualTo(WireCodec.MAX_RECORD);
    assertThat(record.nodes()).hasSizeLessThanOrEqualTo(LocationRecord.MAX_NODES);
    for (NodeAddress node : record.nodes()) {
      assertThat(node.host().getBytes(StandardCharsets.UTF_8).length).isBetween(1, 255);
    }
    byte[] encoded = CODEC.encode(record);
    assertThat(CODEC.decode(encoded)).isEqualTo(record);
    assertThat(CODEC.encode(CODEC.decode(encoded))).isEqualTo(encoded);
  }
}
