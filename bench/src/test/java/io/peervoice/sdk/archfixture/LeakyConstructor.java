package io.peervoice.sdk.archfixture;

/** Deliberately wrong: a public constructor taking another module's internal type. */
public class LeakyConstructor {
  public LeakyConstructor(io.peervoice.signaling.internal.wire.WireCodec codec) {}
}
