package io.peervoice.signaling;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A rendezvous node a peer is attached to.
 *
 * @param node the node's own id
 * @param host IP literal or host name
 * @param port UDP port
 */
public record NodeAddress(PeerId node, String host, int port) {
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
  }
}
