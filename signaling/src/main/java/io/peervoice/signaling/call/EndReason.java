package io.peervoice.signaling.call;

/** Why a call ended. */
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
  /** The media path failed (ICE or consent). */
  MEDIA_FAILED,
  /**
   * The invite was refused: replayed, stale, re-targeted or malformed, or over the callee's invite
   * rate limits.
   */
  REJECTED,
  /** The phone was closed. */
  CLOSED,
  /**
   * This phone's handling of the call failed unexpectedly (logged with the call id); the peer was
   * told the call ended.
   */
  ERROR
}
