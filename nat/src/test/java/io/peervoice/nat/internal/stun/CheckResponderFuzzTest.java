package io.peervoice.nat.internal.stun;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.testkit.DecodeBudget;
import java.net.InetSocketAddress;

/**
 * {@link CheckResponder#answer} on arbitrary datagrams, as a host port's tap sees them while a
 * browser's checks are answered early: it never throws, stays within a {@link DecodeBudget}, leaves
 * the datagram as it was, and answers exactly the Binding requests our STUN would answer ({@link
 * DirectStunFuzzTest#answerable}, judged independently) that say ICE-CONTROLLING and not
 * ICE-CONTROLLED; an answer is a signed success for the request's transaction. Seeds: {@code
 * CheckResponderFuzzTestInputs/answer/} (NominationCheck's, under the same credentials).
 */
class CheckResponderFuzzTest {
  private static final DecodeBudget BUDGET = DecodeBudget.standard();
  private static final CheckResponder RESPONDER = new CheckResponder(DirectStunTest.CREDENTIALS);
  private static final InetSocketAddress FROM = DirectStunTest.REMOTE;

  @FuzzTest(maxDuration = "10m")
  void answer(byte[] data) throws Exception {
    byte[] copy = data.clone();
    byte[] response =
        DecodeBudget.valueOrAllowed(
            BUDGET.run(data.length, () -> RESPONDER.answer(data, 0, data.length, FROM)), null);
    assertThat(data).isEqualTo(copy);
    assertThat(response != null)
        .isEqualTo(DirectStunFuzzTest.answerable(data) && controlling(data));
    if (response != null) {
      DecodedStun decoded = StunCodec.decode(response, 0, response.length, t -> true);
      assertThat(decoded.fingerprint()).isTrue();
      assertThat(CheckResponder.responseTransaction(response, 0, response.length))
          .isEqualTo(StunCodec.decode(data, 0, data.length, t -> true).message().transactionId());
    }
  }

  private static boolean controlling(byte[] data) {
    try {
      StunMessage m =
          StunCodec.decode(data, 0, data.length, StunAttributes.ICE_UNDERSTOOD).message();
      return m.has(StunAttributes.ICE_CONTROLLING) && !m.has(StunAttributes.ICE_CONTROLLED);
    } catch (StunFormatException e) {
      return false;
    }
  }
}
