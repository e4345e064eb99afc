package io.peervoice.session;

/** The step of a call at which it failed; shown to users in the one-line failure message. */
public enum CallStep {
  /** Gathering local ICE candidates. */
  GATHERING("gathering candidates"),
  /** Exchanging the offer and answer. */
  SIGNALING("offer/answer"),
  /** ICE connectivity checks. */
  ICE("ICE connectivity"),
  /** Setting up codecs, SRTP and streams on the connected path. */
  MEDIA("media set-up"),
  /** The call was connected but no audio arrived. */
  AUDIO("audio");

  private final String label;

  CallStep(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
