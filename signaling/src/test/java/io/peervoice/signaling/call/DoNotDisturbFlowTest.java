package io.peervoice.signaling.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * S6 presence: a callee set to do not disturb answers BUSY with that reason; the caller's call ends
 * {@link EndReason#BUSY} and says why in its remote reason. A plain BUSY says nothing more.
 */
class DoNotDisturbFlowTest {
  private static final CallId ID = new CallId(1, 2);
  private final CallFlowTest.Clock clock = new CallFlowTest.Clock();

  private static CallMessage.Invite invite() {
    return new CallMessage.Invite(
        ID, 0, new byte[20], 0, new byte[32], List.of("AEAD_AES_128_GCM"), new byte[] {1});
  }

  private CallFlow refusedWith(EndReason why) throws Exception {
    CallFlow caller =
        CallFlow.dial(invite(), new CallFlowTest.Recorder(), clock, CallFlow.Timeouts.defaults());
    CallMessage refusal = CallFlow.refusal(invite(), why);
    // as a callee's phone sends it: naming its device, through the wire
    caller.received(CallMessages.decode(CallMessages.encode(refusal, 77)), 77);
    return caller;
  }

  @Test
  void doNotDisturbEndsTheCallBusyWithThatRemoteReason() throws Exception {
    assertThat(CallFlow.refusal(invite(), EndReason.DO_NOT_DISTURB))
        .isEqualTo(new CallMessage.Busy(ID, 0, EndReason.DO_NOT_DISTURB));
    CallFlow caller = refusedWith(EndReason.DO_NOT_DISTURB);
    assertThat(caller.state()).isEqualTo(CallState.ENDED);
    assertThat(caller.endReason()).isEqualTo(EndReason.BUSY);
    assertThat(caller.remoteReason()).contains(EndReason.DO_NOT_DISTURB);
  }

  @Test
  void aPlainBusyHasNoRemoteReason() throws Exception {
    CallFlow caller = refusedWith(EndReason.BUSY);
    assertThat(caller.endReason()).isEqualTo(EndReason.BUSY);
    assertThat(caller.remoteReason()).isEmpty();
  }
}
