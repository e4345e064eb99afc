package io.peervoice.nat.internal.turn;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bounded peer table of a TURN client: at most {@link #MAX_PEERS} peer addresses, each with its
 * permission and channel; channel numbers handed out from 0x4000 (RFC 8656 §12). A peer idle for
 * longer than a permission lasts is forgotten (its permission and channel are left to expire on the
 * server); when the table is full the least recently used idle peer gives way. A forgotten peer's
 * channel number is not handed out again until {@link #CHANNEL_QUARANTINE_MILLIS} after its last
 * binding (RFC 8656 <a href="https://www.rfc-editor.org/rfc/rfc8656#section-12">§12</a>: a binding
 * lasts 10 minutes, and its number must not go to another peer for 5 minutes after); the same
 * address coming back meanwhile gets its old number again (rebinding a number to the same address
 * is allowed). Not thread-safe: the client confines it.
 */
final class TurnPeers {
  /** The most peers an allocation talks to: ICE checks reach every remote candidate. */
  static final int MAX_PEERS = 64;

  private final Map<InetSocketAddress, TurnPeer> byAddress = new HashMap<>();
  private final Map<Integer, TurnPeer> byChannel = new HashMap<>();
  private final Map<Integer, Quarantine> quarantined = new HashMap<>();
  private final int minChannel;
  private final int maxChannel;
  private int nextChannel;

  /** A forgotten peer's channel number, kept for its address until {@code freeAt}. */
  private record Quarantine(InetSocketAddress address, long freeAt) {}

  TurnPeers() {
    this(ChannelData.MIN_CHANNEL, ChannelData.MAX_CHANNEL);
  }

  /** Numbers from {@code minChannel} to {@code maxChannel} only (tests: a few, to wrap). */
  TurnPeers(int minChannel, int maxChannel) {
    this.minChannel = minChannel;
    this.maxChannel = maxChannel;
    this.nextChannel = minChannel;
  }

  /** A binding's 10 minutes plus the 5 minutes its number stays unused (§12). */
  static final long CHANNEL_QUARANTINE_MILLIS = 900_000;

  /** The peer at {@code address}, made if new; null if the table is full of busy peers. */
  TurnPeer get(InetSocketAddress address, long nowMillis, long idleMillis) {
    TurnPeer p = byAddress.get(address);
    if (p != null) {
      return p;
    }
    if (byAddress.size() >= MAX_PEERS && !evictIdle(nowMillis, idleMillis)) {
      return null;
    }
    p = new TurnPeer(address, nowMillis);
    byAddress.put(address, p);
    return p;
  }

  /** The peer at {@code address}, or null. */
  TurnPeer find(InetSocketAddress address) {
    return byAddress.get(address);
  }

  /** Whether {@code p} is still in the table (not forgotten while a request was out). */
  boolean current(TurnPeer p) {
    return byAddress.get(p.address) == p;
  }

  /** Channel numbers held: by peers in the table, or quarantined after a forgotten one. */
  int channelsHeld() {
    return byChannel.size() + quarantined.size();
  }

  /** The peer bound to {@code channel} (bound or being bound), or null. */
  TurnPeer byChannel(int channel) {
    return byChannel.get(channel);
  }

  /**
   * Gives {@code peer} its quarantined number if its address had one, else the next free number;
   * false if all 4096 are taken.
   */
  boolean assignChannel(TurnPeer peer, long nowMillis) {
    if (peer.channelNumber != 0) {
      return true;
    }
    quarantined.values().removeIf(q -> q.freeAt() <= nowMillis);
    for (var e : quarantined.entrySet()) {
      if (e.getValue().address().equals(peer.address)) {
        peer.channelNumber = e.getKey();
        quarantined.remove(e.getKey());
        byChannel.put(peer.channelNumber, peer);
        return true;
      }
    }
    for (int i = 0; i <= maxChannel - minChannel; i++) {
      int n = nextChannel;
      nextChannel = n == maxChannel ? minChannel : n + 1;
      if (!byChannel.containsKey(n) && !quarantined.containsKey(n)) {
        peer.channelNumber = n;
        byChannel.put(n, peer);
        return true;
      }
    }
    return false;
  }

  /** Forgets peers idle for {@code idleMillis}; returns them. */
  List<TurnPeer> forgetIdle(long nowMillis, long idleMillis) {
    List<TurnPeer> gone = new ArrayList<>();
    for (TurnPeer p : List.copyOf(byAddress.values())) {
      if (nowMillis - p.lastSendMillis >= idleMillis) {
        remove(p, nowMillis);
        gone.add(p);
      }
    }
    return gone;
  }

  private boolean evictIdle(long nowMillis, long idleMillis) {
    TurnPeer oldest = null;
    for (TurnPeer p : byAddress.values()) {
      if (oldest == null || p.lastSendMillis < oldest.lastSendMillis) {
        oldest = p;
      }
    }
    if (oldest == null || nowMillis - oldest.lastSendMillis < Math.min(idleMillis, 30_000)) {
      return false;
    }
    remove(oldest, nowMillis);
    return true;
  }

  private void remove(TurnPeer p, long nowMillis) {
    byAddress.remove(p.address);
    GrantRetries.cancel(p);
    if (p.channelNumber != 0) {
      byChannel.remove(p.channelNumber);
      // the server may hold the binding (or one being made) for up to 10 min from the last bind
      long since = p.channel == TurnPeer.Grant.GRANTED ? p.boundAtMillis : nowMillis;
      quarantined.put(
          p.channelNumber, new Quarantine(p.address, since + CHANNEL_QUARANTINE_MILLIS));
    }
  }

  /** Every peer, for the refresh sweep. */
  List<TurnPeer> all() {
    return List.copyOf(byAddress.values());
  }

  int size() {
    return byAddress.size();
  }
}
