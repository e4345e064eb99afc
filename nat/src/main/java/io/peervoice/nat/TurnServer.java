package io.peervoice.nat;

import java.util.Objects;

/**
 * A TURN server (RFC 8656) over UDP with long-term credentials; gives relayed candidates that work
 * when nothing else does. ice4j speaks TURN over UDP only: peers whose firewall blocks UDP to the
 * TURN server get no relay (TURN over TCP/TLS is not available).
 *
 * @param host host name or IP literal
 * @param port UDP port, 3478 by default
 * @param username long-term credential user name
 * @param password long-term credential password
 */
public record TurnServer(String host, int port, String username, String password) {

  public TurnServer {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (host.isBlank()) {
      throw new IllegalArgumentException("TURN host is empty");
    }
    if (port < 1 || port > 0xFFFF) {
      throw new IllegalArgumentException("TURN port must be 1..65535: " + port);
    }
  }

  /**
   * Parses {@code USER:PASSWORD@HOST[:PORT]}.
   *
   * @throws IllegalArgumentException saying what part is missing
   */
  public static TurnServer parse(String text) {
    int at = text.lastIndexOf('@');
    int colon = text.indexOf(':');
    if (at < 0 || colon < 0 || colon > at) {
      throw new IllegalArgumentException("TURN server must be USER:PASSWORD@HOST[:PORT]");
    }
    StunServer address = StunServer.parse(text.substring(at + 1));
    return new TurnServer(
        address.host(), address.port(), text.substring(0, colon), text.substring(colon + 1, at));
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "TurnServer[" + username + "@" + host + ":" + port + "]";
  }
}
