package io.peervoice.sdk.archfixture;

/** Deliberately wrong: a public field of a third-party type. */
public class LeakyField {
  public org.ice4j.ice.Agent agent;
}
