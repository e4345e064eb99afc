package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.OpusSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conference's one encoder for the full mix takes settings that suit every leg. */
class SharedEncoderTest {
  private final List<OpusSettings> applied = new ArrayList<>();

  private final AudioEncoder fake =
      new AudioEncoder() {
        @Override
        public byte[] encode(short[] frame) {
          return new byte[] {1, 2, 3};
        }

        @Override
        public void update(OpusSettings settings) {
          applied.add(settings);
        }

        @Override
        public void close() {}
      };

  @Test
  void theLowestBitrateAnyFecTheHighestLossAndDtxOnlyIfAllWithThePhonesComplexity() {
    SharedEncoder shared =
        new SharedEncoder(new OpusSettings(32_000, 5, false, 0, true), s -> fake);
    Object a = new Object();
    Object b = new Object();
    shared.settings(a, new OpusSettings(40_000, 10, false, 2, true));
    shared.settings(b, new OpusSettings(24_000, 9, true, 0, false));
    shared.encode(new short[960], new byte[1275], 0);
    assertThat(shared.applied()).isEqualTo(new OpusSettings(24_000, 5, true, 2, false));

    shared.remove(b); // b left: a's settings alone
    shared.encode(new short[960], new byte[1275], 0);
    assertThat(shared.applied()).isEqualTo(new OpusSettings(40_000, 5, false, 2, true));

    shared.encode(new short[960], new byte[1275], 0); // nothing changed: no update
    assertThat(applied).hasSize(2);
  }
}
