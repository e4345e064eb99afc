package io.peervoice.nat;

import java.util.Locale;
import java.util.Objects;

/**
 * A TURN server (RFC 8656) with long-term credentials; gives relayed candidates that work when
 * nothing else does. The relay itself is always UDP; the transport is how this side reaches the
 * server: UDP (ice4j's client), or TCP or TLS over TCP (our client, {@code
 * io.peervoice.nat.internal.turn}), for networks that block UDP.
 *
 * @param host host name or IP literal
 * @param port the server's port: 3478 by default, 5349 for TLS (RFC 8656 §4)
 * @param username long-term credential user name
 * @param password long-term credential password
 * @param transport how this side reaches the server
 */
public record TurnServer(
    String host, int port, String username, String password, Transport transport) {

  /** The default port of {@code turn:} (UDP and TCP). */
  public static final int DEFAULT_PORT = 3478;

  /** The default port of {@code turns:} (TLS). */
  public static final int DEFAULT_TLS_PORT = 5349;

  private static final String FORMS =
      "TURN server must be USER:PASSWORD@HOST[:PORT], or USER:PASSWORD@ followed by a URI"
          + " turn:HOST[:PORT][?transport=udp|tcp] or turns:HOST[:PORT]";

  /** How the client reaches the TURN server (RFC 8656 §3.1); the relay is UDP in every case. */
  public enum Transport {
    UDP("udp"),
    TCP("tcp"),
    /** TLS 1.2 or 1.3 over TCP (RFC 8656 §3.1; {@code turns:} URIs). */
    TLS("tls");

    private final String label;

    Transport(String label) {
      this.label = label;
    }

    /** {@code udp}, {@code tcp} or {@code tls}, as call reports name it. */
    public String label() {
      return label;
    }
  }

  public TurnServer {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(transport, "transport");
    if (host.isBlank()) {
      throw new IllegalArgumentException("TURN host is empty");
    }
    if (port < 1 || port > 0xFFFF) {
      throw new IllegalArgumentException("TURN port must be 1..65535: " + port);
    }
  }

  /** A TURN server reached over UDP. */
  public TurnServer(String host, int port, String username, String password) {
    this(host, port, username, password, Transport.UDP);
  }

  /**
   * Parses {@code USER:PASSWORD@HOST[:PORT]} (UDP), or {@code USER:PASSWORD@URI} with a TURN URI as
   * {@link #fromUri} takes it.
   *
   * @throws IllegalArgumentException saying what part is missing or wrong
   */
  public static TurnServer parse(String text) {
    int at = text.lastIndexOf('@');
    int colon = text.indexOf(':');
    if (at < 0 || colon < 0 || colon > at) {
      throw new IllegalArgumentException(FORMS);
    }
    String user = text.substring(0, colon);
    String password = text.substring(colon + 1, at);
    String server = text.substring(at + 1);
    String lower = server.toLowerCase(Locale.ROOT);
    if (lower.startsWith("turn:") || lower.startsWith("turns:")) {
      return fromUri(server, user, password);
    }
    StunServer address = StunServer.parse(server);
    return new TurnServer(address.host(), address.port(), user, password);
  }

  /**
   * Parses a TURN URI (RFC 7065 <a href="https://www.rfc-editor.org/rfc/rfc7065#section-3">§3</a>),
   * as WebRTC's {@code RTCIceServer.urls} takes them: {@code turn:HOST[:PORT][?transport=udp|tcp]}
   * (UDP by default, port 3478) or {@code turns:HOST[:PORT][?transport=tcp]} (TLS, port 5349). An
   * IPv6 host is written in brackets. {@code turns:...?transport=udp} (DTLS) is refused.
   *
   * @param username the long-term credential's user name (WebRTC's {@code username})
   * @param credential its password (WebRTC's {@code credential})
   * @throws IllegalArgumentException saying what is wrong
   */
  public static TurnServer fromUri(String uri, String username, String credential) {
    String lower = uri.toLowerCase(Locale.ROOT);
    boolean secure = lower.startsWith("turns:");
    if (!secure && !lower.startsWith("turn:")) {
      throw new IllegalArgumentException("not a TURN URI (turn: or turns:): " + uri);
    }
    String rest = uri.substring(secure ? 6 : 5);
    String query = null;
    int question = rest.indexOf('?');
    if (question >= 0) {
      query = rest.substring(question + 1);
      rest = rest.substring(0, question);
    }
    Transport transport = transport(secure, query, uri);
    int defaultPort = secure ? DEFAULT_TLS_PORT : DEFAULT_PORT;
    String host = rest;
    int port = defaultPort;
    int close = rest.lastIndexOf(']');
    int colon = rest.lastIndexOf(':');
    if (rest.startsWith("[")) {
      if (close < 0) {
        throw new IllegalArgumentException("unclosed [ in TURN URI: " + uri);
      }
      host = rest.substring(1, close);
      colon = rest.indexOf(':', close);
      if (colon < 0 && close != rest.length() - 1) {
        throw new IllegalArgumentException("junk after ] in TURN URI: " + uri);
      }
    } else if (colon >= 0) {
      host = rest.substring(0, colon);
    }
    if (colon >= 0) {
      port = port(rest.substring(colon + 1), uri);
    }
    if (host.isEmpty() || host.contains("/") || host.contains("@")) {
      throw new IllegalArgumentException("TURN URI needs a host: " + uri);
    }
    return new TurnServer(host, port, username, credential, transport);
  }

  private static Transport transport(boolean secure, String query, String uri) {
    if (query == null) {
      return secure ? Transport.TLS : Transport.UDP;
    }
    if (!query.toLowerCase(Locale.ROOT).startsWith("transport=")) {
      throw new IllegalArgumentException("TURN URI query must be ?transport=udp|tcp: " + uri);
    }
    String value = query.substring("transport=".length()).toLowerCase(Locale.ROOT);
    return switch (value) {
      case "tcp" -> secure ? Transport.TLS : Transport.TCP;
      case "udp" -> {
        if (secure) {
          throw new IllegalArgumentException(
              "turns: over UDP would be DTLS, which is not supported: " + uri);
        }
        yield Transport.UDP;
      }
      default ->
          throw new IllegalArgumentException(
              "TURN transport must be udp or tcp, not '" + value + "': " + uri);
    };
  }

  private static int port(String text, String uri) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("TURN URI port is not a number: " + uri, e);
    }
  }

  /** The server as a TURN URI (RFC 7065), without the credentials. */
  public String uri() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return switch (transport) {
      case UDP -> "turn:" + h + ":" + port;
      case TCP -> "turn:" + h + ":" + port + "?transport=tcp";
      case TLS -> "turns:" + h + ":" + port + "?transport=tcp";
    };
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "TurnServer[" + username + "@" + uri() + "]";
  }
}
