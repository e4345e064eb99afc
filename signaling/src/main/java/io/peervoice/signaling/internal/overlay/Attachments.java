package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.PublicIdentity;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Peers attached to this node: where to push their messages, refreshed by their keepalives and
 * forgotten after {@code idleMillis} of silence. One attachment per device: a peer (one identity)
 * may be attached from up to {@code devicesPerPeer} processes at once, each with its own device id
 * and address; when a further device attaches, the least recently heard one is displaced. An
 * address holds one attachment. Bounded in total and per IP prefix.
 */
final class Attachments {
  /** The most devices of one identity attached at once, by default. */
  static final int DEVICES_PER_PEER = 4;

  static final class Attached {
    final PublicIdentity identity;
    final long device;
    InetSocketAddress address;
    long lastSeenMillis;

    Attached(PublicIdentity identity, long device, InetSocketAddress address, long nowMillis) {
      this.identity = identity;
      this.device = device;
      this.address = address;
      this.lastSeenMillis = nowMillis;
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
  private final int devicesPerPeer;
  private final long idleMillis;
  private final Map<IpPrefix, Integer> prefixCount = new HashMap<>();
  private final Map<PeerId, List<Attached>> byPeer = new HashMap<>();
  private final Map<InetSocketAddress, Attached> byAddress = new HashMap<>();
  private int size;

  Attachments(int max, int perPrefix, int devicesPerPeer, long idleMillis) {
    if (devicesPerPeer < 1) {
      throw new IllegalArgumentException("devicesPerPeer must be positive: " + devicesPerPeer);
    }
    this.max = max;
    this.perPrefix = perPrefix;
    this.devicesPerPeer = devicesPerPeer;
    this.idleMillis = idleMillis;
  }

  Attachments(int max, int perPrefix, long idleMillis) {
    this(max, perPrefix, DEVICES_PER_PEER, idleMillis);
  }

  Attachments(int max, long idleMillis) {
    this(max, Integer.MAX_VALUE, idleMillis);
  }

  /**
   * Attaches or re-attaches one device of a peer (at most {@code perPrefix} from one {@link
   * IpPrefix}); the address replaces any that device had, and any other attachment at the address.
   * Device 0 stands for a client that names none (one attachment per identity, as before devices).
   */
  Result attach(PublicIdentity identity, long device, InetSocketAddress address, long nowMillis) {
    PeerId peer = identity.peerId();
    Attached a = find(peer, device);
    IpPrefix prefix = IpPrefix.of(address);
    boolean samePrefix = a != null && IpPrefix.of(a.address).equals(prefix);
    if (!samePrefix && prefixCount.getOrDefault(prefix, 0) >= perPrefix) {
      return Result.QUOTA;
    }
    Attached atAddress = byAddress.get(address);
    if (atAddress != null && atAddress != a) {
      remove(atAddress);
    }
    if (a == null) {
      List<Attached> devices = byPeer.get(peer);
      if (devices != null && devices.size() >= devicesPerPeer) {
        remove(leastRecentlySeen(devices));
      }
      if (size >= max) {
        return Result.FULL;
      }
      a = new Attached(identity, device, address, nowMillis);
      byPeer.computeIfAbsent(peer, p -> new ArrayList<>(2)).add(a);
      size++;
    } else {
      byAddress.remove(a.address);
      release(IpPrefix.of(a.address));
      a.address = address;
      a.lastSeenMillis = nowMillis;
    }
    prefixCount.merge(prefix, 1, Integer::sum);
    byAddress.put(address, a);
    return Result.ATTACHED;
  }

  private Attached find(PeerId peer, long device) {
    List<Attached> devices = byPeer.get(peer);
    if (devices != null) {
      for (Attached a : devices) {
        if (a.device == device) {
          return a;
        }
      }
    }
    return null;
  }

  private static Attached leastRecentlySeen(List<Attached> devices) {
    Attached oldest = devices.get(0);
    for (Attached a : devices) {
      if (a.lastSeenMillis < oldest.lastSeenMillis) {
        oldest = a;
      }
    }
    return oldest;
  }

  private void remove(Attached a) {
    PeerId peer = a.identity.peerId();
    List<Attached> devices = byPeer.get(peer);
    if (devices != null && devices.remove(a)) {
      size--;
      if (devices.isEmpty()) {
        byPeer.remove(peer);
      }
    }
    byAddress.remove(a.address);
    release(IpPrefix.of(a.address));
  }

  private void release(IpPrefix prefix) {
    prefixCount.computeIfPresent(prefix, (p, n) -> n <= 1 ? null : n - 1);
  }

  /** Forgets every attachment of {@code peer} (as if all its devices had gone silent). */
  void detach(PeerId peer) {
    for (Attached a : devices(peer)) {
      remove(a);
    }
  }

  /** Traffic from {@code address} keeps its attachment alive; true if it is attached. */
  boolean touch(InetSocketAddress address, long nowMillis) {
    Attached a = byAddress.get(address);
    if (a == null) {
      return false;
    }
    a.lastSeenMillis = nowMillis;
    return true;
  }

  /** Every attached device of {@code peer} (a copy; empty if none). */
  List<Attached> devices(PeerId peer) {
    List<Attached> devices = byPeer.get(peer);
    return devices == null ? List.of() : List.copyOf(devices);
  }

  /** How many devices of {@code peer} are attached. */
  int deviceCount(PeerId peer) {
    List<Attached> devices = byPeer.get(peer);
    return devices == null ? 0 : devices.size();
  }

  /** The peer attached from {@code address}, or null. */
  PeerId peerAt(InetSocketAddress address) {
    Attached a = byAddress.get(address);
    return a == null ? null : a.identity.peerId();
  }

  /** How many devices of the identity attached from {@code address} are attached; 0 if none. */
  int devicesAt(InetSocketAddress address) {
    PeerId peer = peerAt(address);
    return peer == null ? 0 : deviceCount(peer);
  }

  int sweep(long nowMillis) {
    List<Attached> idle = new ArrayList<>();
    for (Iterator<Attached> it = byAddress.values().iterator(); it.hasNext(); ) {
      Attached a = it.next();
      if (nowMillis - a.lastSeenMillis > idleMillis) {
        idle.add(a);
      }
    }
    idle.forEach(this::remove);
    return idle.size();
  }

  int size() {
    return size;
  }
}
