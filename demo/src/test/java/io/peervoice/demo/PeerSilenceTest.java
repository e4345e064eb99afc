package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.sdk.CallStats;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Our hang-up on a peer that had stopped sending is reported as a vanished peer. */
class PeerSilenceTest {
  private static CallStats active(long silenceMillis, boolean onHold) {
    return new CallStats(
        CallState.ACTIVE,
        40,
        60,
        10_000,
        onHold,
        false,
        Optional.empty(),
        0,
        Optional.empty(),
        silenceMillis,
        -1,
        -1,
        -1,
        Optional.empty(),
        java.util.List.of());
  }

  private static EndReason judged(CallStats atHangup, boolean heldByPeer, EndReason reason) {
    PeerSilence silence = new PeerSilence();
    silence.remoteHold(heldByPeer);
    silence.hangingUp(atHangup);
    return silence.judge(reason);
  }

  @Test
  void aPeerSilentForThreeSecondsWhenWeHangUpHadVanished() {
    assertThat(judged(active(3_000, false), false, EndReason.LOCAL_HANGUP))
        .isEqualTo(EndReason.PEER_VANISHED);
    assertThat(judged(active(2_999, false), false, EndReason.LOCAL_HANGUP))
        .isEqualTo(EndReason.LOCAL_HANGUP);
    assertThat(judged(active(20, false), false, EndReason.LOCAL_HANGUP))
        .isEqualTo(EndReason.LOCAL_HANGUP);
  }

  @Test
  void silenceOnAHeldCallIsExpected() {
    assertThat(judged(active(9_000, true), false, EndReason.LOCAL_HANGUP))
        .isEqualTo(EndReason.LOCAL_HANGUP);
    assertThat(judged(active(9_000, false), true, EndReason.LOCAL_HANGUP))
        .isEqualTo(EndReason.LOCAL_HANGUP);
  }

  @Test
  void onlyOurOwnHangUpIsJudgedAndOnlyTheFirstSnapshotCounts() {
    assertThat(judged(active(9_000, false), false, EndReason.REMOTE_HANGUP))
        .isEqualTo(EndReason.REMOTE_HANGUP);
    assertThat(new PeerSilence().judge(EndReason.LOCAL_HANGUP)).isEqualTo(EndReason.LOCAL_HANGUP);
    PeerSilence silence = new PeerSilence();
    silence.hangingUp(active(100, false));
    silence.hangingUp(active(9_000, false));
    assertThat(silence.judge(EndReason.LOCAL_HANGUP)).isEqualTo(EndReason.LOCAL_HANGUP);
    assertThat(silence.silenceMillis()).isEqualTo(100);
  }
}
