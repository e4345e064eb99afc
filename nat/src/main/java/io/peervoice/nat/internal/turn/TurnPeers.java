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
 * server); when the table is full the least recently used idle peer gives way. Not thread-safe: the
 * client confines it.
 */
final class TurnPeers {
  /** The most peers an allocation talks to: ICE checks reach every remote candidate. */
  static final int MAX_PEERS = 64;

  private final Map<InetSocketAddress, TurnPeer> byAddress = new HashMap<>();
  private final Map<Integer, TurnPeer> byChannel = new HashMap<>();
  private int nextChannel = ChannelData.MIN_CHANNEL;

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

  /** The peer bound to {@code channel} (bound or being bound), or null. */
  TurnPeer byChannel(int channel) {
    return byChannel.get(channel);
  }

  /** Gives {@code peer} the next free channel number; false if all 4096 are taken. */
  boolean assignChannel(TurnPeer peer) {
    if (peer.channelNumber != 0) {
      return true;
    }
    for (int i = 0; i <= ChannelData.MAX_CHANNEL - ChannelData.MIN_CHANNEL; i++) {
      int n = nextChannel;
      nextChannel = n == ChannelData.MAX_CHANNEL ? ChannelData.MIN_CHANNEL : n + 1;
      if (!byChannel.containsKey(n)) {
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
        remove(p);
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
    remove(oldest);
    return true;
  }

  private void remove(TurnPeer p) {
    byAddress.remove(p.address);
    if (p.channelNumber != 0) {
      byChannel.remove(p.channelNumber);
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
