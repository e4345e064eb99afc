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

  /** The call ended. */
  public void onEnded(Call call, EndReason reason) {}
}
