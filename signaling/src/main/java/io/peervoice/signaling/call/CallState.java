package io.peervoice.signaling.call;

/** Where a call is in its life ({@code docs/calls.md}). */
public enum CallState {
  /** Caller: invite sent, no answer from the callee's phone yet. */
  DIALING,
  /** Caller: the callee's phone rings. Callee: an incoming call rings here. */
  RINGING,
  /** Answered; media flows (or is on hold). */
  ACTIVE,
  /** Over, for {@link EndReason}. */
  ENDED
}
