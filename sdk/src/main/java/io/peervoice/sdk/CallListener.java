package io.peervoice.sdk;

import io.peervoice.signaling.call.EndReason;

/**
 * Hears what happens to one call. Every method does nothing by default; override what you need.
 * Methods run one at a time, in order, on the phone's listener executor (its own thread, or {@link
 * PhoneConfig#listenerExecutor()}), never while PeerVoice holds a lock; an exception thrown here is
 * logged and does not affect the call.
 */
public abstract class CallListener {

  /** An incoming call rings here, or the callee's phone rings for an outgoing call. */
  public void onRinging(Call call) {}

  /** The call was answered (by us or by the peer). */
  public void onAnswered(Call call) {}

  /** Audio from the peer is playing. */
  public void onMediaStarted(Call call) {}

  /** The peer put the call on hold ({@code held}) or took it off. */
  public void onRemoteHold(Call call, boolean held) {}

  /** The peer pressed a key (RFC 4733 telephone event). */
  public void onDtmf(Call call, char digit) {}

  /**
   * The peer hosts a conference this call is in, and says who is in it and who speaks ({@link
   * Call#conference()}); an empty list when this call left it. Sent on changes, at most twice a
   * second for a change of speakers.
   */
  public void onConference(Call call, java.util.List<Conference.Member> members) {}

  /**
   * S5 xfer: the peer asked us to call {@code target} (a transfer, {@code docs/transfer.md});
   * {@code accepted} says whether {@link PhoneConfig#transfers()} let it: then the new call is
   * placed at once (it reaches its own listener) and this call ends when the peer drops out.
   */
  public void onTransferRequested(
      Call call, io.peervoice.signaling.PeerId target, boolean accepted) {}

  /**
   * S12: the same event with the reason of a refusal ({@link TransferDecision}). The phone calls
   * this one; by default it calls {@link #onTransferRequested(Call, io.peervoice.signaling.PeerId,
   * boolean)}, so a listener overrides either.
   */
  public void onTransferRequested(
      Call call, io.peervoice.signaling.PeerId target, TransferDecision decision) {
    onTransferRequested(call, target, decision.accepted());
  }

  /**
   * S5 xfer: how a transfer we asked for ({@link Call#transfer}, {@link Call#transferTo}) goes:
   * accepted, ringing, answered, refused or failed, as the peer reports it.
   */
  public void onTransferOutcome(Call call, io.peervoice.signaling.call.TransferResult result) {}

  /** The call ended. */
  public void onEnded(Call call, EndReason reason) {}

  /**
   * What this phone answered when its peer asked it to call a target (a transfer, {@code
   * docs/transfer.md}): accepted, or why not. The peer hears {@code REJECTED} for {@link
   * #NOT_ALLOWED} and {@link #INVALID_TARGET}, {@code BUSY} for {@link #BUSY}; only this phone's
   * application learns the finer reason.
   */
  public enum TransferDecision {
    /** The policy let it: the new call is placed at once. */
    ACCEPTED,
    /** {@link PhoneConfig#transfers()} does not allow transfers from this peer. */
    NOT_ALLOWED,
    /** This phone is already carrying out a transfer asked on this call (one at a time). */
    BUSY,
    /** The target is this phone itself or the peer asking. */
    INVALID_TARGET;

    /** Whether the transfer was accepted. */
    public boolean accepted() {
      return this == ACCEPTED;
    }
  }
}
