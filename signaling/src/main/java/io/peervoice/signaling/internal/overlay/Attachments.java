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

  /** The outcome of {@link #attach}. */
  enum Result {
    ATTACHED,
    FULL,
    QUOTA
  }

  private final int max;
  private final int perPrefix;
  private final long idleMillis;
  private final Map<IpPrefix, Integer> prefixCount = new HashMap<>();
  private final Map<PeerId, Attached> byPeer = new HashMap<>();
  private final Map<InetSocketAddress, PeerId> byAddress = new HashMap<>();

  Attachments(int max, int perPrefix, long idleMillis) {
    this.max = max;
    this.perPrefix = perPrefix;
    this.idleMillis = idleMillis;
  }

  Attachments(int max, long idleMillis) {
    this(max, Integer.MAX_VALUE, idleMillis);
  }

  /**
   * Attaches or re-attaches a peer (at most {@code perPrefix} from one {@link IpPrefix}); the
   * address replaces any the peer had.
   */
  Result attach(PublicIdentity identity, InetSocketAddress address, long nowMillis) {
    PeerId peer = identity.peerId();
    Attached a = byPeer.get(peer);
    IpPrefix prefix = IpPrefix.of(address);
    boolean samePrefix = a != null && IpPrefix.of(a.address).equals(prefix);
    if (!samePrefix && prefixCount.getOrDefault(prefix, 0) >= perPrefix) {
      return Result.QUOTA;
    }
    PeerId displaced = byAddress.get(address);
    if (displaced != null && !displaced.equals(peer)) {
      remove(byPeer.get(displaced));
    }
    if (a == null) {
      if (byPeer.size() >= max) {
        return Result.FULL;
      }
      a = new Attached(identity, address, nowMillis);
      byPeer.put(peer, a);
    } else {
      byAddress.remove(a.address);
      release(IpPrefix.of(a.address));
      a.address = address;
      a.lastSeenMillis = nowMillis;
    }
    prefixCount.merge(prefix, 1, Integer::sum);
    byAddress.put(address, peer);
    return Result.ATTACHED;
  }

  private void remove(Attached a) {
    byPeer.remove(a.identity.peerId());
    byAddress.remove(a.address);
    release(IpPrefix.of(a.address));
  }

  private void release(IpPrefix prefix) {
    prefixCount.computeIfPresent(prefix, (p, n) -> n <= 1 ? null : n - 1);
  }

  /** Forgets {@code peer}'s attachment (as if it had gone silent). */
  void detach(PeerId peer) {
    Attached a = byPeer.get(peer);
    if (a != null) {
      remove(a);
    }
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
        release(IpPrefix.of(a.address));
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
