package io.peervoice.sdk.archfixture;

/** Deliberately wrong: a public constructor taking a third-party type. */
public class ThirdPartyConstructor {
  public ThirdPartyConstructor(org.ice4j.ice.Agent agent) {}
}
