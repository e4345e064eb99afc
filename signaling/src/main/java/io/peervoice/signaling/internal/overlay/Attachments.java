package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.PublicIdentity;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Peers attached to this node: where to push their messages, refreshed by their keepalives and
 * forgotten after {@code idleMillis} of silence. Bounded.
 */
final class Attachments {
  static final class Attached {
    final PublicIdentity identity;
    InetSocketAddress address;
    long lastSeenMillis;

    Attached(PublicIdentity identity, InetSocketAddress address, long lastSeenMillis) {
      this.identity = identity;
      this.address = address;
      this.lastSeenMillis = lastSeenMillis;
    }
  }

  private final int max;
  private final long idleMillis;
  private final Map<PeerId, Attached> byPeer = new HashMap<>();
  private final Map<InetSocketAddress, PeerId> byAddress = new HashMap<>();

  Attachments(int max, long idleMillis) {
    this.max = max;
    this.idleMillis = idleMillis;
  }

  /** Attaches or re-attaches a peer; false when the table is full. */
  boolean attach(PublicIdentity identity, InetSocketAddress address, long nowMillis) {
    PeerId peer = identity.peerId();
    Attached a = byPeer.get(peer);
    if (a == null) {
      if (byPeer.size() >= max) {
        return false;
      }
      a = new Attached(identity, address, nowMillis);
      byPeer.put(peer, a);
    } else {
      byAddress.remove(a.address);
      a.address = address;
      a.lastSeenMillis = nowMillis;
    }
    byAddress.put(address, peer);
    return true;
  }

  /** Traffic from {@code address} keeps its attachment alive; true if it is attached. */
  boolean touch(InetSocketAddress address, long nowMillis) {
    PeerId peer = byAddress.get(address);
    if (peer == null) {
      return false;
    }
    byPeer.get(peer).lastSeenMillis = nowMillis;
    return true;
  }

  Attached get(PeerId peer) {
    return byPeer.get(peer);
  }

  /** The peer attached from {@code address}, or null. */
  PeerId peerAt(InetSocketAddress address) {
    return byAddress.get(address);
  }

  int sweep(long nowMillis) {
    int removed = 0;
    for (Iterator<Attached> it = byPeer.values().iterator(); it.hasNext(); ) {
      Attached a = it.next();
      if (nowMillis - a.lastSeenMillis > idleMillis) {
        byAddress.remove(a.address);
        it.remove();
        removed++;
      }
    }
    return removed;
  }

  int size() {
    return byPeer.size();
  }
}
