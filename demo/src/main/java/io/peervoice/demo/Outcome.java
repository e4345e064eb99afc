package io.peervoice.demo;

import io.peervoice.sdk.CallDirection;
import io.peervoice.sdk.CallStats;
import io.peervoice.signaling.call.EndReason;

/**
 * What became of one call, judged for the exit code ({@link ExitCodes}).
 *
 * @param direction ours
 * @param reason why it ended
 * @param answered whether it was answered
 * @param audioBothWays whether audio arrived in both directions ({@link #audioBothWays})
 * @param interrupted whether a signal (Ctrl-C, SIGTERM) stopped us
 */
record Outcome(
    CallDirection direction,
    EndReason reason,
    boolean answered,
    boolean audioBothWays,
    boolean interrupted,
    EndReason remoteReason) {

  Outcome(
      CallDirection direction,
      EndReason reason,
      boolean answered,
      boolean audioBothWays,
      boolean interrupted) {
    this(direction, reason, answered, audioBothWays, interrupted, null);
  }

  static Outcome of(
      CallDirection direction,
      EndReason reason,
      CallTimeline timeline,
      CallStats stats,
      boolean interrupted) {
    return new Outcome(
        direction,
        reason,
        timeline.isAnswered(),
        audioBothWays(stats),
        interrupted,
        stats.remoteReason().orElse(null));
  }

  /**
   * Whether the call carried audio both ways: we decoded audio from the peer, and the peer's RTCP
   * receiver report says our packets arrived ({@link CallStats#audioBothWays()}).
   */
  static boolean audioBothWays(CallStats stats) {
    return stats.audioBothWays();
  }

  /** The exit code this call alone deserves. */
  int exitCode() {
    if (reason == null) {
      return ExitCodes.INTERNAL_ERROR;
    }
    switch (reason) {
      case LOCAL_HANGUP -> {
        return audioBothWays ? ExitCodes.OK : ExitCodes.NO_AUDIO;
      }
      case TRANSFERRED -> {
        return ExitCodes.OK; // S5 xfer: handed over (the transfer's own outcome is judged apart)
      }
      case REMOTE_HANGUP -> {
        return remoteHangup();
      }
      case MEDIA_FAILED, PEER_VANISHED -> {
        return ExitCodes.MEDIA_FAILED;
      }
      case NO_AUDIO -> {
        return ExitCodes.NO_AUDIO;
      }
      case DEVICE_FAILED -> {
        return ExitCodes.DEVICE_FAILED;
      }
      case ERROR, CLOSED -> {
        return ExitCodes.INTERNAL_ERROR;
      }
      default -> {
        return notConnected();
      }
    }
  }

  /** The peer hung up: judged by why it did (its reason travels in the HANGUP) and our audio. */
  private int remoteHangup() {
    if (remoteReason != null) {
      switch (remoteReason) {
        case MEDIA_FAILED, PEER_VANISHED -> {
          return ExitCodes.MEDIA_FAILED;
        }
        case NO_AUDIO, DEVICE_FAILED -> {
          return ExitCodes.NO_AUDIO; // the peer's device failed: audio did not reach its user
        }
        case ERROR -> {
          return ExitCodes.INTERNAL_ERROR;
        }
        default -> {
          // an ordinary hang-up: judged by the audio
        }
      }
    }
    return audioBothWays ? ExitCodes.OK : ExitCodes.NO_AUDIO;
  }

  /** Declined, busy, not answered, cancelled, unreachable, refused, glare, answered elsewhere. */
  private int notConnected() {
    if (direction == CallDirection.INCOMING) {
      // We declined or were busy, the caller gave up, or another device answered: no failure here.
      return ExitCodes.OK;
    }
    if (interrupted && !answered) {
      return ExitCodes.INTERRUPTED;
    }
    return reason == EndReason.UNREACHABLE ? ExitCodes.UNREACHABLE : ExitCodes.NOT_ANSWERED;
  }

  /**
   * A listener's exit code: {@link ExitCodes#OK} if every call was fine, else the first failure.
   */
  static int worst(Iterable<Integer> codes) {
    for (int code : codes) {
      if (code != ExitCodes.OK) {
        return code;
      }
    }
    return ExitCodes.OK;
  }
}
