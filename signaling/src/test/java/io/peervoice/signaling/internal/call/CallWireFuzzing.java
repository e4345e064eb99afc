package io.peervoice.signaling.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.internal.wire.WireException;
import io.peervoice.testkit.DecodeBudget;

/**
 * The harness of the {@link CallWire} fuzz tests ({@link CallWireFuzzTest}, {@link
 * PresenceWireFuzzTest}, {@link WebWireFuzzTest}): decoding arbitrary opened payloads within a
 * {@link DecodeBudget}, and re-encoding what was accepted.
 */
final class CallWireFuzzing {
  static final CallWire WIRE = new CallWire();
  private static final DecodeBudget BUDGET = DecodeBudget.standard();

  private CallWireFuzzing() {}

  /**
   * What {@link CallWire#decodeTagged} makes of {@code data}, within the budget; null if it refused
   * the bytes with a {@link WireException}, the only exception it may throw.
   */
  static CallWire.Tagged decode(byte[] data) {
    return DecodeBudget.valueOrAllowed(
        BUDGET.run(data.length, () -> WIRE.decodeTagged(data)), WireException.class);
  }

  /**
   * Re-encodes {@code tagged} and decodes it again: the same message type, call, sequence number
   * and device, and re-encoding that is a fixpoint. Returns the second decoding.
   */
  static CallWire.Tagged roundTrip(CallWire.Tagged tagged) throws WireException {
    byte[] encoded = WIRE.encode(tagged.message(), tagged.device());
    CallWire.Tagged again = WIRE.decodeTagged(encoded);
    assertThat(again.message().getClass()).isEqualTo(tagged.message().getClass());
    assertThat(again.message().callId()).isEqualTo(tagged.message().callId());
    assertThat(again.message().seq()).isEqualTo(tagged.message().seq());
    assertThat(again.device()).isEqualTo(tagged.device());
    assertThat(WIRE.encode(again.message(), again.device())).isEqualTo(encoded);
    return again;
  }
}
