package io.peervoice.nat.internal.stun;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.testkit.DecodeBudget;
import java.nio.charset.StandardCharsets;

/**
 * {@link StunCodec#decode} on arbitrary datagrams (RFC 8489 §5, §14): it throws nothing but {@link
 * StunFormatException}, stays within a {@link DecodeBudget}, does not touch its input, decodes the
 * same bytes inside a larger buffer the same way, and what it accepts passes {@link
 * StunCodec#isStun}, re-encodes to a message that decodes equal, and can be checked for
 * MESSAGE-INTEGRITY without throwing. Understanding every attribute type (as a TURN client might)
 * never throws anything else either. Seeds: {@code StunCodecFuzzTestInputs/decode/}.
 */
class StunCodecFuzzTest {
  private static final DecodeBudget BUDGET = DecodeBudget.standard();
  private static final MessageIntegrity INTEGRITY =
      new MessageIntegrity("local-password-0123456789".getBytes(StandardCharsets.UTF_8));

  @FuzzTest(maxDuration = "10m")
  void decode(byte[] data) {
    byte[] copy = data.clone();
    DecodedStun decoded =
        DecodeBudget.valueOrAllowed(
            BUDGET.run(
                data.length,
                () -> StunCodec.decode(data, 0, data.length, StunAttributes.ICE_UNDERSTOOD)),
            StunFormatException.class);
    assertThat(data).as("decode must not modify its input").isEqualTo(copy);
    DecodeBudget.valueOrAllowed(
        BUDGET.run(data.length, () -> StunCodec.decode(data, 0, data.length, t -> true)),
        StunFormatException.class);
    int offset = data.length > 0 ? (data[data.length - 1] & 3) : 0;
    byte[] shifted = new byte[data.length + offset + 3];
    System.arraycopy(data, 0, shifted, offset, data.length);
    DecodedStun again =
        DecodeBudget.valueOrAllowed(
            BUDGET.run(
                data.length,
                () ->
                    StunCodec.decode(shifted, offset, data.length, StunAttributes.ICE_UNDERSTOOD)),
            StunFormatException.class);
    assertThat(again).isEqualTo(decoded);
    if (decoded == null) {
      return;
    }
    assertThat(StunCodec.isStun(data, 0, data.length)).isTrue();
    assertThat(INTEGRITY.verify(data, 0, decoded))
        .isEqualTo(INTEGRITY.verify(shifted, offset, again));
    byte[] reencoded = StunCodec.encode(decoded.message(), null, decoded.fingerprint());
    assertThat(reencoded.length).isLessThanOrEqualTo(data.length);
    try {
      DecodedStun round =
          StunCodec.decode(reencoded, 0, reencoded.length, StunAttributes.ICE_UNDERSTOOD);
      assertThat(round.message()).isEqualTo(decoded.message());
      assertThat(round.fingerprint()).isEqualTo(decoded.fingerprint());
      assertThat(round.hasIntegrity()).isFalse();
    } catch (StunFormatException e) {
      throw new AssertionError("our own encoding of an accepted message was rejected", e);
    }
  }
}
