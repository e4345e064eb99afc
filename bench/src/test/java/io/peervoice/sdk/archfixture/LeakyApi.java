package io.peervoice.sdk.archfixture;

import org.ice4j.ice.Agent;

/** Deliberately wrong: shows that the architecture rules catch a leaked ice4j type. */
public class LeakyApi {
  public Agent agent() {
    return null;
  }
}
