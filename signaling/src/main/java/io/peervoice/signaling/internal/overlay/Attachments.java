package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Peers attached to this node: where to push their messages, refreshed by their keepalives and
 * forgotten after {@code idleMillis} of silence. One attachment per device: a peer (one identity)
 * may be attached from up to {@code devicesPerPeer} processes at once, each with its own device id
 * and address; when a further device attaches, the least recently heard one is displaced. An
 * address holds one attachment. Bounded in total and per IP prefix.
 *
 * <p>Compact, since a node holds a hundred thousand of them: an entry packs its address into
 * primitive fields and sits directly in an open-addressing table by address ({@link AddressTable});
 * the devices of one identity are chained from one map entry by id; prefix counts are primitive
 * ({@link PrefixCounts}). About 200 bytes an attachment (issue 13; the benchmark is {@code
 * peervoice bench node-capacity}).
 */
final class Attachments {
  /** The most devices of one identity attached at once, by default. */
  static final int DEVICES_PER_PEER = 4;

  /** Marks an IPv4 address in {@link Attached#port}. */
  private static final int V4 = 1 << 16;

  /** One attached device. */
  static final class Attached {
    final PeerId peer;
    final long device;
    long hi;
    long lo;
    int port;
    InetSocketAddress v6Address;
    long lastSeenMillis;
    Attached nextDevice;

    Attached(PeerId peer, long device, long nowMillis) {
      this.peer = peer;
      this.device = device;
      this.lastSeenMillis = nowMillis;
    }

    /** Packs {@code address} into {@link #hi}, {@link #lo} and {@link #port}. */
    void pack(InetSocketAddress address) {
      InetAddress ip = address.getAddress();
      byte[] b = ip.getAddress();
      if (ip instanceof Inet4Address) {
        hi = 0;
        lo = ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        port = address.getPort() | V4;
        v6Address = null;
      } else {
        hi = 0;
        lo = 0;
        for (int i = 0; i < 8; i++) {
          hi = (hi << 8) | (b[i] & 0xFF);
          lo = (lo << 8) | (b[i + 8] & 0xFF);
        }
        port = address.getPort();
        v6Address = address;
      }
    }

    /** Where the device is attached from. */
    InetSocketAddress address() {
      if (v6Address != null) {
        return v6Address;
      }
      byte[] b = {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
      try {
        return new InetSocketAddress(InetAddress.getByAddress(b), port & 0xFFFF);
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e); // four bytes are always an address
      }
    }

    IpPrefix prefix() {
      return (port & V4) != 0 ? new IpPrefix(lo, false) : new IpPrefix(hi, true);
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
  private final PrefixCounts prefixCount = new PrefixCounts();
  private final Map<PeerId, Attached> byPeer = new HashMap<>();
  private final AddressTable byAddress = new AddressTable();
  private final Attached probe = new Attached(null, 0, 0);
  private Consumer<Attached> onRemoved = a -> {};

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

  /** Runs {@code listener} with each attachment that ends (displaced, swept or detached). */
  void onRemoved(Consumer<Attached> listener) {
    this.onRemoved = listener;
  }

  /**
   * Attaches or re-attaches one device of a peer (at most {@code perPrefix} from one {@link
   * IpPrefix}); the address replaces any that device had, and any other attachment at the address.
   * Device 0 stands for a client that names none (one attachment per identity, as before devices).
   */
  Result attach(PeerId peer, long device, InetSocketAddress address, long nowMillis) {
    Attached a = find(peer, device);
    IpPrefix prefix = IpPrefix.of(address);
    boolean samePrefix = a != null && a.prefix().equals(prefix);
    if (!samePrefix && prefixCount.get(prefix) >= perPrefix) {
      return Result.QUOTA;
    }
    Attached atAddress = at(address);
    if (atAddress != null && atAddress != a) {
      remove(atAddress);
    }
    if (a == null) {
      if (deviceCount(peer) >= devicesPerPeer) {
        remove(leastRecentlySeen(byPeer.get(peer)));
      }
      if (byAddress.size() >= max) {
        return Result.FULL;
      }
      a = new Attached(peer, device, nowMillis);
      Attached head = byPeer.get(peer);
      if (head == null) {
        byPeer.put(peer, a);
      } else {
        while (head.nextDevice != null) {
          head = head.nextDevice;
        }
        head.nextDevice = a;
      }
    } else {
      byAddress.remove(a);
      prefixCount.decrement(a.prefix());
      a.lastSeenMillis = nowMillis;
    }
    a.pack(address);
    prefixCount.increment(prefix);
    byAddress.add(a);
    return Result.ATTACHED;
  }

  private Attached at(InetSocketAddress address) {
    probe.pack(address);
    return byAddress.get(probe.hi, probe.lo, probe.port);
  }

  private Attached find(PeerId peer, long device) {
    for (Attached a = byPeer.get(peer); a != null; a = a.nextDevice) {
      if (a.device == device) {
        return a;
      }
    }
    return null;
  }

  private static Attached leastRecentlySeen(Attached head) {
    Attached oldest = head;
    for (Attached a = head; a != null; a = a.nextDevice) {
      if (a.lastSeenMillis < oldest.lastSeenMillis) {
        oldest = a;
      }
    }
    return oldest;
  }

  private void remove(Attached a) {
    Attached head = byPeer.get(a.peer);
    if (head == a) {
      if (a.nextDevice == null) {
        byPeer.remove(a.peer);
      } else {
        byPeer.put(a.peer, a.nextDevice);
      }
    } else {
      for (Attached d = head; d != null; d = d.nextDevice) {
        if (d.nextDevice == a) {
          d.nextDevice = a.nextDevice;
          break;
        }
      }
    }
    a.nextDevice = null;
    byAddress.remove(a);
    prefixCount.decrement(a.prefix());
    onRemoved.accept(a);
  }

  /** Forgets every attachment of {@code peer} (as if all its devices had gone silent). */
  void detach(PeerId peer) {
    for (Attached a : devices(peer)) {
      remove(a);
    }
  }

  /** Forgets the attachment at {@code address}, if any (its stream connection closed). */
  void detachAt(InetSocketAddress address) {
    Attached a = at(address);
    if (a != null) {
      remove(a);
    }
  }

  /** Traffic from {@code address} keeps its attachment alive; true if it is attached. */
  boolean touch(InetSocketAddress address, long nowMillis) {
    Attached a = at(address);
    if (a == null) {
      return false;
    }
    a.lastSeenMillis = nowMillis;
    return true;
  }

  /** Every attached device of {@code peer} (a copy, in attachment order; empty if none). */
  List<Attached> devices(PeerId peer) {
    List<Attached> out = new ArrayList<>(2);
    for (Attached a = byPeer.get(peer); a != null; a = a.nextDevice) {
      out.add(a);
    }
    return out;
  }

  /** How many devices of {@code peer} are attached. */
  int deviceCount(PeerId peer) {
    int n = 0;
    for (Attached a = byPeer.get(peer); a != null; a = a.nextDevice) {
      n++;
    }
    return n;
  }

  /** The peer attached from {@code address}, or null. */
  PeerId peerAt(InetSocketAddress address) {
    Attached a = at(address);
    return a == null ? null : a.peer;
  }

  /** Whether an attachment is held at {@code address}. */
  boolean attachedAt(InetSocketAddress address) {
    return at(address) != null;
  }

  /** How many devices of the identity attached from {@code address} are attached; 0 if none. */
  int devicesAt(InetSocketAddress address) {
    Attached a = at(address);
    return a == null ? 0 : deviceCount(a.peer);
  }

  int sweep(long nowMillis) {
    List<Attached> idle = byAddress.select(a -> nowMillis - a.lastSeenMillis > idleMillis);
    idle.forEach(this::remove);
    return idle.size();
  }

  int size() {
    return byAddress.size();
  }
}
