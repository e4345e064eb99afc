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
 * lasts 10 minutes, and its number must not go to another peer for 5 minutes after). Not
 * thread-safe: the client confines it.
 */
final class TurnPeers {
  /** The most peers an allocation talks to: ICE checks reach every remote candidate. */
  static final int MAX_PEERS = 64;

  private final Map<InetSocketAddress, TurnPeer> byAddress = new HashMap<>();
  private final Map<Integer, TurnPeer> byChannel = new HashMap<>();
  private final Map<Integer, Long> quarantined = new HashMap<>(); // number -> free again at
  private int nextChannel = ChannelData.MIN_CHANNEL;

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

  /** Gives {@code peer} the next free channel number; false if all 4096 are taken. */
  boolean assignChannel(TurnPeer peer, long nowMillis) {
    if (peer.channelNumber != 0) {
      return true;
    }
    quarantined.values().removeIf(freeAt -> freeAt <= nowMillis);
    for (int i = 0; i <= ChannelData.MAX_CHANNEL - ChannelData.MIN_CHANNEL; i++) {
      int n = nextChannel;
      nextChannel = n == ChannelData.MAX_CHANNEL ? ChannelData.MIN_CHANNEL : n + 1;
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
    if (p.retry != null) {
      p.retry.cancel(false);
    }
    if (p.channelNumber != 0) {
      byChannel.remove(p.channelNumber);
      // the server may hold the binding (or one being made) for up to 10 min from the last bind
      long since = p.channel == TurnPeer.Grant.GRANTED ? p.boundAtMillis : nowMillis;
      quarantined.put(p.channelNumber, since + CHANNEL_QUARANTINE_MILLIS);
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
