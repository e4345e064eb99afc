package io.peervoice.sdk.archfixture;

/** Deliberately wrong: a public method exposing a lower module's mechanism, not a value. */
public class LowerMechanism {
  public io.peervoice.signaling.call.CallFlow flow() {
    return null;
  }
}
