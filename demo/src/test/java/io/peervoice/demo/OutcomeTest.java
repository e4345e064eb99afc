package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.sdk.CallDirection;
import io.peervoice.signaling.call.EndReason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exit codes from what became of a call (the README table). */
class OutcomeTest {
  private static int caller(EndReason reason, boolean answered, boolean audio, boolean signal) {
    return new Outcome(CallDirection.OUTGOING, reason, answered, audio, signal).exitCode();
  }

  private static int listener(EndReason reason, boolean answered, boolean audio) {
    return new Outcome(CallDirection.INCOMING, reason, answered, audio, false).exitCode();
  }

  @Test
  void zeroOnlyForAConnectedCallWithAudioBothWays() {
    assertThat(caller(EndReason.LOCAL_HANGUP, true, true, false)).isEqualTo(ExitCodes.OK);
    assertThat(caller(EndReason.REMOTE_HANGUP, true, true, false)).isEqualTo(ExitCodes.OK);
    assertThat(caller(EndReason.LOCAL_HANGUP, true, true, true))
        .as("Ctrl-C during a good call is a hang-up")
        .isEqualTo(ExitCodes.OK);
    assertThat(caller(EndReason.REMOTE_HANGUP, true, false, false))
        .as("the peer's speaker failed and nothing came back")
        .isEqualTo(ExitCodes.NO_AUDIO);
    assertThat(listener(EndReason.REMOTE_HANGUP, true, false)).isEqualTo(ExitCodes.NO_AUDIO);
  }

  @Test
  void aRemoteHangupIsJudgedByTheReasonThePeerGave() {
    java.util.function.Function<EndReason, Integer> remote =
        why ->
            new Outcome(CallDirection.OUTGOING, EndReason.REMOTE_HANGUP, true, true, false, why)
                .exitCode();
    assertThat(remote.apply(EndReason.LOCAL_HANGUP)).isEqualTo(ExitCodes.OK);
    assertThat(remote.apply(EndReason.DEVICE_FAILED))
        .as("the peer's speaker failed: our audio reached its phone, not its user")
        .isEqualTo(ExitCodes.NO_AUDIO);
    assertThat(remote.apply(EndReason.NO_AUDIO)).isEqualTo(ExitCodes.NO_AUDIO);
    assertThat(remote.apply(EndReason.PEER_VANISHED)).isEqualTo(ExitCodes.MEDIA_FAILED);
    assertThat(remote.apply(EndReason.ERROR)).isEqualTo(ExitCodes.INTERNAL_ERROR);
  }

  @Test
  void failuresHaveTheirOwnCodes() {
    assertThat(caller(EndReason.DECLINED, false, false, false)).isEqualTo(ExitCodes.NOT_ANSWERED);
    assertThat(caller(EndReason.BUSY, false, false, false)).isEqualTo(ExitCodes.NOT_ANSWERED);
    assertThat(caller(EndReason.NO_ANSWER, false, false, false)).isEqualTo(5);
    assertThat(caller(EndReason.UNREACHABLE, false, false, false)).isEqualTo(4);
    assertThat(caller(EndReason.MEDIA_FAILED, true, false, false)).isEqualTo(6);
    assertThat(caller(EndReason.PEER_VANISHED, true, true, false)).isEqualTo(6);
    assertThat(caller(EndReason.NO_AUDIO, true, false, false)).isEqualTo(7);
    assertThat(caller(EndReason.DEVICE_FAILED, true, false, false)).isEqualTo(8);
    assertThat(caller(EndReason.ERROR, true, false, false)).isEqualTo(1);
    assertThat(caller(EndReason.CANCELLED, false, false, true))
        .as("Ctrl-C before the answer")
        .isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(caller(null, false, false, false)).isEqualTo(ExitCodes.INTERNAL_ERROR);
  }

  @Test
  void aListenerFailsOnlyForCallsThatFailedNotForCallsItDeclined() {
    assertThat(listener(EndReason.DECLINED, false, false)).isZero();
    assertThat(listener(EndReason.BUSY, false, false)).isZero();
    assertThat(listener(EndReason.CANCELLED, false, false)).isZero();
    assertThat(listener(EndReason.ANSWERED_ELSEWHERE, false, false)).isZero();
    assertThat(listener(EndReason.MEDIA_FAILED, true, false)).isEqualTo(ExitCodes.MEDIA_FAILED);
    assertThat(Outcome.worst(List.of(0, 0))).isZero();
    assertThat(Outcome.worst(List.of(0, 6, 7))).as("the first failure").isEqualTo(6);
  }
}
