package io.peervoice.demo;

import io.peervoice.sdk.CallStats;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells a good call we hang up from one whose peer had vanished before we did. A live peer sends
 * audio packets all the time (silence is encoded too; with DTX at least every 400 ms), unless one
 * side holds the call; the SDK itself notices a vanished peer only once its consent expires ({@link
 * EndReason#PEER_VANISHED}), which a short call may not outlast. So when we hang up, a peer silent
 * for {@link #VANISHED_AFTER_MILLIS} on an active, unheld call is reported as vanished, not as our
 * hang-up.
 */
final class PeerSilence {
  /** Silence from the peer, on an active unheld call, from which we call it vanished. */
  static final long VANISHED_AFTER_MILLIS = 3_000;

  private final AtomicReference<CallStats> atHangup = new AtomicReference<>();
  private final AtomicBoolean heldByPeer = new AtomicBoolean();

  /** The peer held (true) or resumed (false) the call. */
  void remoteHold(boolean held) {
    heldByPeer.set(held);
  }

  /** Notes the call's figures just before we hang up (the first time only). */
  void hangingUp(CallStats stats) {
    atHangup.compareAndSet(null, stats);
  }

  /** The reason to report: {@code reason}, or PEER_VANISHED if we hung up on a silent peer. */
  EndReason judge(EndReason reason) {
    CallStats s = atHangup.get();
    return reason == EndReason.LOCAL_HANGUP && s != null && vanished(s, heldByPeer.get())
        ? EndReason.PEER_VANISHED
        : reason;
  }

  /** How long the peer had been silent when we hung up; -1 if unknown. */
  long silenceMillis() {
    CallStats s = atHangup.get();
    return s == null ? -1 : s.audioSilenceMillis();
  }

  static boolean vanished(CallStats s, boolean heldByPeer) {
    return s.state() == CallState.ACTIVE
        && !s.onHold()
        && !heldByPeer
        && s.audioSilenceMillis() >= VANISHED_AFTER_MILLIS;
  }
}
