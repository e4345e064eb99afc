package io.peervoice.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.testkit.DecodeBudget;

/**
 * {@link MediaDescription#decode}, the parser of the media description in a peer's offer, ringing,
 * answer and restart, on arbitrary bytes: it throws nothing but {@link IllegalArgumentException},
 * stays within a {@link DecodeBudget}, accepts only payload types a session can use (absent, or
 * dynamic 96..127 and distinct, RFC 3551 §3), and what it accepts encodes and decodes back to an
 * equal description. Seeds: {@code MediaDescriptionFuzzTestInputs/decode/}.
 */
class MediaDescriptionFuzzTest {
  private static final DecodeBudget BUDGET = DecodeBudget.standard().forText();

  @FuzzTest(maxDuration = "10m")
  void decode(byte[] data) {
    MediaDescription description =
        DecodeBudget.valueOrAllowed(
            BUDGET.run(data.length, () -> MediaDescription.decode(data)),
            IllegalArgumentException.class);
    if (description == null) {
      return;
    }
    assertPayloadType(description.opusPayloadType());
    assertPayloadType(description.dtmfPayloadType());
    if (description.opusPayloadType() >= 0) {
      assertThat(description.dtmfPayloadType()).isNotEqualTo(description.opusPayloadType());
    }
    byte[] encoded = description.encode();
    assertThat(MediaDescription.decode(encoded)).isEqualTo(description);
  }

  private static void assertPayloadType(int type) {
    if (type != -1) {
      assertThat(type).isBetween(96, 127);
    }
  }
}
