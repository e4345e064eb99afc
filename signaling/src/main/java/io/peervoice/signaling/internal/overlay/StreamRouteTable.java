package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.StreamRoute;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP/TLS routes a client knows to nodes: those it was given at start, and those learnt from
 * signed records or NODES answers (bounded, public unicast addresses only, never republished).
 * Given routes win over learnt ones, except {@link StreamRoute#assumed} ones (the default guess for
 * a bootstrap node), which a learnt route replaces. Loop thread only.
 */
final class StreamRouteTable {
  /** Routes learnt from records, held at most. */
  static final int MAX_LEARNT = 1_024;

  private final Map<InetSocketAddress, StreamRoute> given = new HashMap<>();
  private final Map<InetSocketAddress, StreamRoute> learnt = new HashMap<>();

  StreamRouteTable(List<StreamRoute> routes) {
    for (StreamRoute r : routes) {
      given.put(r.node(), r);
    }
  }

  /** The route to {@code node}: told, else learnt, else assumed; or null. */
  StreamRoute get(InetSocketAddress node) {
    StreamRoute r = given.get(node);
    if (r != null && !r.assumed()) {
      return r;
    }
    StreamRoute l = learnt.get(node);
    return l != null ? l : r;
  }

  /**
   * {@code node} with the stream ports we were given for it. Ports learnt from other peers' records
   * are never republished in ours: a hostile record must not spread through honest ones.
   */
  NodeAddress withPorts(NodeAddress node) {
    if (node.hasStreams()) {
      return node;
    }
    for (StreamRoute r : given.values()) {
      if (!r.assumed()
          && r.node().getPort() == node.port()
          && r.node().getAddress() != null
          && r.node().getAddress().getHostAddress().equals(node.host())) {
        return new NodeAddress(node.node(), node.host(), node.port(), r.tcpPort(), r.tlsPort());
      }
    }
    return node;
  }

  /**
   * A signed record names {@code node} at {@code address} with stream ports: reach it over them if
   * UDP is silent, its self-signed TLS certificate pinned to the id the record names. Routes given
   * at start are kept, unless only assumed.
   */
  void learn(NodeAddress node, InetSocketAddress address) {
    if (!globalUnicast(address.getAddress())) {
      return; // a record must not make us dial our own host or LAN (loopback, private, link-local)
    }
    StreamRoute told = given.get(address);
    boolean toldForSure = told != null && !told.assumed();
    if (!toldForSure && !learnt.containsKey(address) && learnt.size() < MAX_LEARNT) {
      learnt.put(
          address, new StreamRoute(address, node.tcpPort(), node.tlsPort(), null, node.node()));
    }
  }

  /**
   * The node at {@code node} named its own stream ports (its PONG, from the address we sent to):
   * they replace assumed or learnt ones (the node knows best), not told ones. Any address: we talk
   * to this one anyway. Never republished.
   */
  void learnFromNode(InetSocketAddress node, int tcpPort, int tlsPort) {
    StreamRoute told = given.get(node);
    if (tcpPort == 0 && tlsPort == 0 || told != null && !told.assumed()) {
      return;
    }
    if (learnt.containsKey(node) || learnt.size() < MAX_LEARNT) {
      StreamRoute had = learnt.get(node);
      learnt.put(
          node,
          new StreamRoute(node, tcpPort, tlsPort, null, had == null ? null : had.pinnedNode()));
    }
  }

  /** Whether a record may point us at {@code a}: a public unicast address, nothing local. */
  static boolean globalUnicast(InetAddress a) {
    if (a == null
        || a.isLoopbackAddress()
        || a.isAnyLocalAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc; // RFC 4193
    boolean sharedV4 = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // RFC 6598
    return !uniqueLocalV6 && !sharedV4;
  }
}
