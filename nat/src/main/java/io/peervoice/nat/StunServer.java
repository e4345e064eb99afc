package io.peervoice.nat;

import java.util.Objects;

/**
 * A STUN server (RFC 8489) used to learn server-reflexive candidates.
 *
 * @param host host name or IP literal
 * @param port UDP port, 3478 by default
 */
public record StunServer(String host, int port) {

  public StunServer {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("STUN host is empty");
    }
    if (port < 1 || port > 0xFFFF) {
      throw new IllegalArgumentException("STUN port must be 1..65535: " + port);
    }
  }

  /** Parses {@code HOST[:PORT]}; the port defaults to 3478. */
  public static StunServer parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      return new StunServer(hostPort, 3478);
    }
    try {
      return new StunServer(
          hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("STUN server must be HOST[:PORT]: " + hostPort, e);
    }
  }
}
