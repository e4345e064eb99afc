package io.peervoice.signaling.call;

/**
 * S6 wrtcj: what WebRTC calls add to {@link CallFlow} ({@code docs/webrtc.md}): a {@link
 * CallMessage.WebOffer} starts the same state machine ({@link CallFlow#dial}, {@link CallFlow#ring}
 * with an empty description: no ICE before the answer) and a {@link CallMessage.WebAnswer} answers
 * it ({@link CallFlow#answerWeb}).
 */
public final class WebCallFlow {
  private WebCallFlow() {}

  /** Refuses a WebRTC offer without ringing, as {@link CallFlow#refusal}. */
  public static CallMessage refusal(CallMessage.WebOffer offer, EndReason why) {
    return why == EndReason.BUSY
        ? new CallMessage.Busy(offer.callId(), 0)
        : new CallMessage.Cancel(offer.callId(), 0, why);
  }
}
