package io.peervoice.signaling.call;

/**
 * Why a call ended. The wire carries the ordinal ({@code CallWire}): new values go at the end only.
 */
public enum EndReason {
  /** We hung up. */
  LOCAL_HANGUP,
  /** The other side hung up. */
  REMOTE_HANGUP,
  /** The callee declined. */
  DECLINED,
  /** The callee is busy. */
  BUSY,
  /** The callee did not answer in time. */
  NO_ANSWER,
  /** The caller cancelled before we answered (or we did). */
  CANCELLED,
  /** The callee could not be reached through the overlay. */
  UNREACHABLE,
  /** Both called each other at once and this call lost (the other one goes on). */
  GLARE,
  /** No media path could be established (ICE found no working pair), or it failed. */
  MEDIA_FAILED,
  /**
   * The invite was refused: replayed, stale, re-targeted or malformed, or over the callee's invite
   * rate limits; or a peer's media description (in its ringing, answer or ICE restart) could not be
   * used, and the peer was told with a hang-up carrying this reason.
   */
  REJECTED,
  /** The phone was closed. */
  CLOSED,
  /**
   * This phone's handling of the call failed unexpectedly (logged with the call id); the peer was
   * told the call ended.
   */
  ERROR,
  /**
   * The call was connected, then the peer stopped answering: its media and consent checks (RFC
   * 7675, section 5.1) stopped and no hang-up came.
   */
  PEER_VANISHED,
  /** The call was connected, but no audio arrived in one direction or both. */
  NO_AUDIO,
  /** A local audio device (microphone or speaker) failed; the peer was told the call ended. */
  DEVICE_FAILED,
  /** Another device of the callee's identity answered this call first. */
  ANSWERED_ELSEWHERE,
  /**
   * S5 xfer: the call was handed over (blind or attended transfer, {@code docs/transfer.md}): the
   * transferor drops out, or an attended transfer's replacing call took over a consultation call.
   */
  TRANSFERRED,
  /**
   * S6 presence: the callee's phone is set to do not disturb and answered busy; a caller's call
   * ends {@link #BUSY} with this as its remote reason ({@code docs/presence.md}).
   */
  DO_NOT_DISTURB
}
