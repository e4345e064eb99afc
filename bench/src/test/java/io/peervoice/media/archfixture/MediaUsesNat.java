package io.peervoice.media.archfixture;

import io.peervoice.nat.IceRole;

/** Deliberately wrong: shows that the layering rule catches media depending on nat. */
public class MediaUsesNat {
  public IceRole role() {
    return IceRole.CONTROLLING;
  }
}
