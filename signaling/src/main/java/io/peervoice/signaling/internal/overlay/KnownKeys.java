package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.PublicIdentity;
import java.util.Map;

/**
 * S6 missed: the public keys of peers this client has seen authentically (in a location record it
 * checked, or as the sender of a message whose signature it checked), so that a note can still be
 * sealed to a peer whose record has expired. Bounded (least recently used forgotten).
 * Single-threaded.
 */
final class KnownKeys {
  private final Map<PeerId, PublicIdentity> keys;

  KnownKeys(int max) {
    this.keys = BoundedMaps.leastRecentlyUsed(max);
  }

  void seen(PublicIdentity identity) {
    keys.put(identity.peerId(), identity);
  }

  PublicIdentity get(PeerId peer) {
    return keys.get(peer);
  }
}
