package io.peervoice.nat.internal.stun;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.testkit.DecodeBudget;

/**
 * {@link NominationCheck#matches} on arbitrary datagrams, as a host port's tap sees them: it never
 * throws, stays within a {@link DecodeBudget}, leaves the datagram as it was, and matches exactly
 * the Binding requests that our STUN would answer (FINGERPRINT, USERNAME ours:theirs, a
 * MESSAGE-INTEGRITY that verifies with our password: {@link DirectStunFuzzTest#answerable}, judged
 * independently of the check) and that carry USE-CANDIDATE. Seeds: {@code
 * NominationCheckFuzzTestInputs/matches/} (DirectStun's, under the same credentials).
 */
class NominationCheckFuzzTest {
  private static final DecodeBudget BUDGET = DecodeBudget.standard();
  private static final NominationCheck CHECK = new NominationCheck(DirectStunTest.CREDENTIALS);

  @FuzzTest(maxDuration = "10m")
  void matches(byte[] data) {
    byte[] copy = data.clone();
    boolean matched =
        DecodeBudget.valueOrAllowed(
            BUDGET.run(data.length, () -> CHECK.matches(data, 0, data.length)), null);
    assertThat(data).isEqualTo(copy);
    assertThat(matched).isEqualTo(DirectStunFuzzTest.answerable(data) && nominates(data));
  }

  private static boolean nominates(byte[] data) {
    try {
      return StunCodec.decode(data, 0, data.length, StunAttributes.ICE_UNDERSTOOD)
          .message()
          .has(StunAttributes.USE_CANDIDATE);
    } catch (StunFormatException e) {
      return false;
    }
  }
}
