package io.peervoice.signaling;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * How a peer reaches one rendezvous node over TCP or TLS when UDP to it gets no answer ({@code
 * docs/protocol.md}, "Streams"). The node is named by its UDP address, as in the bootstrap list.
 *
 * @param node the node's UDP address
 * @param tcpPort its TCP port (same host), 0 if it has none
 * @param tlsPort its TLS port (same host, e.g. 443), 0 if it has none
 * @param tlsServerName null if the node presents its self-signed certificate (its key is the node
 *     key: the connection is pinned to {@code pinnedNode} if given, and the node proves its id over
 *     the stream as over UDP); else the host name its CA-signed certificate must name, checked
 *     against the JDK's trust store
 * @param pinnedNode the node id a self-signed certificate must carry, or null if not known
 * @param assumed the ports are a guess ({@link #assumed}), not told: ports a record or a NODES
 *     answer names for the node replace them, and they are never published in our record
 */
public record StreamRoute(
    InetSocketAddress node,
    int tcpPort,
    int tlsPort,
    String tlsServerName,
    PeerId pinnedNode,
    boolean assumed) {
  /** The TLS port a node is assumed to listen on when nobody said otherwise. */
  public static final int DEFAULT_TLS_PORT = 443;

  public StreamRoute {
    Objects.requireNonNull(node, "node");
    if (tcpPort < 0 || tcpPort > 0xFFFF || tlsPort < 0 || tlsPort > 0xFFFF) {
      throw new IllegalArgumentException("stream ports must be 0 (none) or 1..65535");
    }
    if (tcpPort == 0 && tlsPort == 0) {
      throw new IllegalArgumentException("a stream route needs a TCP or a TLS port");
    }
  }

  /** A route told (not {@link #assumed}). */
  public StreamRoute(
      InetSocketAddress node, int tcpPort, int tlsPort, String tlsServerName, PeerId pinnedNode) {
    this(node, tcpPort, tlsPort, tlsServerName, pinnedNode, false);
  }

  /**
   * The route a node of the bootstrap list is assumed to have when nobody told its stream ports:
   * TCP on its UDP port number and TLS on 443 (self-signed, the node proving its id over the stream
   * as over UDP), as {@code peervoice node --tcp-port/--tls-port} are usually set and {@code
   * doctor} checks. Ports a record or a NODES answer names for the node replace these.
   */
  public static StreamRoute assumed(InetSocketAddress node) {
    return new StreamRoute(node, node.getPort(), DEFAULT_TLS_PORT, null, null, true);
  }

  /** TCP and/or TLS (self-signed, not pinned) on the node's host; 0 for none. */
  public static StreamRoute of(InetSocketAddress node, int tcpPort, int tlsPort) {
    return new StreamRoute(node, tcpPort, tlsPort, null, null);
  }

  /** This route with the node's self-signed TLS certificate pinned to {@code id}. */
  public StreamRoute pinned(PeerId id) {
    return new StreamRoute(node, tcpPort, tlsPort, null, id, assumed);
  }
}
