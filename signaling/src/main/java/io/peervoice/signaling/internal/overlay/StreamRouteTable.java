package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.StreamRoute;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP/TLS routes a client knows to nodes: those it was given at start, and those learnt from
 * signed records, NODES answers or the nodes' own PONGs (bounded, least recently used first out;
 * public unicast addresses only, never republished). A better {@link Source} replaces a worse one.
 * Given routes win over learnt ones, except {@link StreamRoute#assumed} ones (the default guess for
 * a bootstrap node), which a learnt route replaces. Loop thread only.
 */
final class StreamRouteTable {
  /** Routes learnt (records, NODES, PONGs), held at most; the least recently used goes first. */
  static final int MAX_LEARNT = 1_024;

  private final Map<InetSocketAddress, StreamRoute> given = new HashMap<>();
  private final Map<InetSocketAddress, Learnt> learnt = BoundedMaps.leastRecentlyUsed(MAX_LEARNT);

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
    Learnt l = learnt.get(node);
    return l != null ? l.route() : r;
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
   * Who named a learnt route, worst first: a better source replaces a worse one, never the reverse.
   * NODES answers are unsigned (any attached node may write them), records are signed by their
   * owner, a PONG comes from the node itself at the address we sent to.
   */
  enum Source {
    NODES,
    RECORD,
    PONG
  }

  /**
   * A signed record names {@code node} at {@code address} with stream ports: reach it over them if
   * UDP is silent, its self-signed TLS certificate pinned to the id the record names. Routes given
   * at start are kept, unless only assumed.
   */
  void learn(NodeAddress node, InetSocketAddress address) {
    learn(address, node.tcpPort(), node.tlsPort(), node.node(), Source.RECORD);
  }

  /**
   * {@code source} names the stream ports of the node at {@code address}. A NODES answer is
   * unsigned: it never pins an id and may name only the contact's UDP port number or 443 as a
   * TCP/TLS port (others are dropped), so that a hostile node cannot aim our fallback dials at any
   * service of its choice; the port is still the node's to answer on, and the stream proves its id.
   */
  private void learn(InetSocketAddress address, int tcp, int tls, PeerId pin, Source source) {
    if (!globalUnicast(address.getAddress())) {
      return; // a record must not make us dial our own host or LAN (loopback, private, link-local)
    }
    if (source == Source.NODES) {
      tcp = nodesMayName(tcp, address.getPort());
      tls = nodesMayName(tls, address.getPort());
      pin = null;
      if (tcp == 0 && tls == 0) {
        return;
      }
    }
    put(address, new StreamRoute(address, tcp, tls, null, pin), source);
  }

  /** A port a NODES answer may name for a contact at UDP port {@code udpPort}, else 0. */
  static int nodesMayName(int port, int udpPort) {
    return port == udpPort || port == StreamRoute.DEFAULT_TLS_PORT ? port : 0;
  }

  /**
   * Stream ports of the node at {@code node} named by itself (its PONG) or by another (a NODES
   * answer: no id, limited ports).
   */
  void named(InetSocketAddress node, int tcpPort, int tlsPort, boolean byItself) {
    if (byItself) {
      learnFromNode(node, tcpPort, tlsPort);
    } else {
      learn(node, tcpPort, tlsPort, null, Source.NODES);
    }
  }

  /**
   * The node at {@code node} named its own stream ports (its PONG, from the address we sent to):
   * they replace assumed or learnt ones (the node knows best), not told ones. Any address: we talk
   * to this one anyway. No pin: the stream proves the node's id, and an earlier pin (perhaps named
   * by someone else) is not carried over. Never republished.
   */
  void learnFromNode(InetSocketAddress node, int tcpPort, int tlsPort) {
    if (tcpPort == 0 && tlsPort == 0) {
      return;
    }
    put(node, new StreamRoute(node, tcpPort, tlsPort, null, null), Source.PONG);
  }

  private void put(InetSocketAddress address, StreamRoute route, Source source) {
    StreamRoute told = given.get(address);
    if (told != null && !told.assumed()) {
      return;
    }
    Learnt had = learnt.get(address);
    if (had == null || source.compareTo(had.source) >= 0) {
      learnt.put(address, new Learnt(route, source)); // the least recently used goes beyond MAX
    }
  }

  private record Learnt(StreamRoute route, Source source) {}

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
