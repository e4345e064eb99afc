package io.peervoice.signaling;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A rendezvous node a peer is attached to.
 *
 * @param node the node's own id
 * @param host IP literal or host name
 * @param port UDP port
 * @param tcpPort the node's TCP port on the same host, 0 if it offers none or it is not known
 * @param tlsPort its TLS port (self-signed certificate for the node key, pinned by {@code node}), 0
 *     if none or not known ({@code docs/protocol.md}, "Streams")
 */
public record NodeAddress(PeerId node, String host, int port, int tcpPort, int tlsPort) {
  public NodeAddress {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(host, "host");
    if (host.isBlank() || host.getBytes(StandardCharsets.UTF_8).length > 255) {
      // the signed form of a location record gives the host one length byte
      throw new IllegalArgumentException("node host must be 1..255 bytes of UTF-8");
    }
    if (port < 1 || port > 0xFFFF) {
      throw new IllegalArgumentException("node port must be 1..65535: " + port);
    }
    if (tcpPort < 0 || tcpPort > 0xFFFF || tlsPort < 0 || tlsPort > 0xFFFF) {
      throw new IllegalArgumentException("stream ports must be 0 (none) or 1..65535");
    }
  }

  /** A node reached over UDP only (or whose stream ports are not known). */
  public NodeAddress(PeerId node, String host, int port) {
    this(node, host, port, 0, 0);
  }

  /** Whether the node offers TCP or TLS. */
  public boolean hasStreams() {
    return tcpPort != 0 || tlsPort != 0;
  }
}
