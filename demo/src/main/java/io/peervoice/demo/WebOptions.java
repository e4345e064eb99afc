package io.peervoice.demo;

import io.peervoice.natives.StreamLimits;
import io.peervoice.natives.TlsServerSettings;
import io.peervoice.signaling.RendezvousNode;
import io.peervoice.signaling.WebIceServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** {@code peervoice node}'s options for serving browsers (docs/webrtc.md). */
final class WebOptions {
  @Option(
      names = "--ws-port",
      paramLabel = "PORT",
      description =
          "Also serve browsers on this TCP port of the --listen host: the web client at /, the"
              + " overlay's messages over a WebSocket at /ws (0 picks one).")
  Integer wsPort;

  @Option(
      names = "--ws-origin",
      split = ",",
      paramLabel = "ORIGIN",
      description =
          "Origins (e.g. https://example.org) allowed to open the WebSocket; default: any.")
  List<String> wsOrigins = List.of();

  // S6 wrtcw: https/wss on the web port
  @Option(
      names = "--ws-tls-cert",
      paramLabel = "FILE",
      description =
          "Serve the web port over TLS (https, wss) with this PEM certificate chain (leaf first):"
              + " browsers allow the microphone only on https or localhost.")
  Path wsTlsCert;

  @Option(
      names = "--ws-tls-key",
      paramLabel = "FILE",
      description = "The PKCS#8 PEM private key of --ws-tls-cert.")
  Path wsTlsKey;

  // S7 webmedia: STUN/TURN servers for the browsers, in /node.json
  @Option(
      names = "--ice-server",
      converter = IceServerOption.class,
      paramLabel = IceServerOption.FORMS,
      description =
          "A STUN or TURN server the page's RTCPeerConnection uses (repeatable; served in"
              + " /node.json): stun:HOST[:PORT], or USER:PASSWORD@turn:HOST[:PORT] /"
              + " USER:PASSWORD@turns:HOST[:PORT].")
  List<WebIceServer> iceServers = List.of();

  private TlsServerSettings tls; // loaded by badOption()

  /** The first value out of range, as one line for the user, or null. */
  String badOption() {
    if (wsPort != null && (wsPort < 0 || wsPort > 0xFFFF)) {
      return "--ws-port must be 0..65535, got " + wsPort;
    }
    if (!wsOrigins.isEmpty() && wsPort == null) {
      return "--ws-origin needs --ws-port";
    }
    if ((wsTlsCert != null || wsTlsKey != null) && wsPort == null) {
      return "--ws-tls-cert and --ws-tls-key need --ws-port";
    }
    if (!iceServers.isEmpty() && wsPort == null) {
      return "--ice-server needs --ws-port";
    }
    if (iceServers.size() > 8) {
      return "--ice-server: at most 8 servers";
    }
    if ((wsTlsCert == null) != (wsTlsKey == null)) {
      return "--ws-tls-cert and --ws-tls-key go together";
    }
    for (String o : wsOrigins) {
      if (origin(o) == null) {
        return "--ws-origin takes origins like https://example.org (no path), got " + o;
      }
    }
    if (wsTlsCert != null) {
      try {
        tls = TlsServerSettings.fromPem(wsTlsCert, wsTlsKey);
      } catch (IOException e) {
        return "--ws-tls-cert/--ws-tls-key: " + e.getMessage();
      }
    }
    return null;
  }

  /**
   * {@code o} as a browser serializes an {@code Origin} header (<a
   * href="https://www.rfc-editor.org/rfc/rfc6454#section-6.2">RFC 6454 6.2</a>): scheme and host in
   * lower case, the scheme's default port dropped; null if it is not an http(s) origin (a path,
   * query, fragment or user part included).
   */
  static String origin(String o) {
    URI u;
    try {
      u = new URI(o);
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    int port = u.getPort();
    int standard = scheme.equals("https") ? 443 : 80;
    if (!(scheme.equals("http") || scheme.equals("https"))
        || u.getHost() == null
        || u.getRawUserInfo() != null
        || !(u.getRawPath() == null || u.getRawPath().isEmpty())
        || u.getRawQuery() != null
        || u.getRawFragment() != null) {
      return null;
    }
    return scheme
        + "://"
        + u.getHost().toLowerCase(Locale.ROOT)
        + (port == -1 || port == standard ? "" : ":" + port);
  }

  /** The warning for serving plain HTTP at {@code at}, or null on loopback. */
  static String plainHttpWarning(InetSocketAddress at) {
    if (at.getAddress() != null && at.getAddress().isLoopbackAddress()) {
      return null;
    }
    return "warning: web on http://"
        + HostPort.format(at)
        + "/ : browsers will only allow microphone access on https or localhost; identities in"
        + " the page travel unprotected";
  }

  /** Starts serving browsers on {@code listen}'s host, if asked, and says where. */
  void serve(RendezvousNode node, InetSocketAddress listen, int streamsPerIp, PrintWriter out)
      throws IOException {
    if (wsPort == null) {
      return;
    }
    InetSocketAddress at =
        node.serveWeb(
            new InetSocketAddress(listen.getAddress(), wsPort),
            wsOrigins.stream().map(WebOptions::origin).collect(Collectors.toUnmodifiableSet()),
            StreamLimits.defaults().withConnections(10_000, streamsPerIp),
            tls,
            iceServers);
    String scheme = tls == null ? "http" : "https";
    out.println("web on " + scheme + "://" + HostPort.format(at) + "/ (WebSocket at /ws)");
    String warning = tls == null ? plainHttpWarning(at) : null;
    if (warning != null) {
      out.println(warning);
    }
  }
}
