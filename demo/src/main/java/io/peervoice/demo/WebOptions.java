package io.peervoice.demo;

import io.peervoice.natives.StreamLimits;
import io.peervoice.signaling.RendezvousNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
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

  /** The first value out of range, as one line for the user, or null. */
  String badOption() {
    if (wsPort != null && (wsPort < 0 || wsPort > 0xFFFF)) {
      return "--ws-port must be 0..65535, got " + wsPort;
    }
    if (!wsOrigins.isEmpty() && wsPort == null) {
      return "--ws-origin needs --ws-port";
    }
    for (String o : wsOrigins) {
      if (!o.matches("https?://[^/\\s]+")) {
        return "--ws-origin takes origins like https://example.org, got " + o;
      }
    }
    return null;
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
            Set.copyOf(wsOrigins),
            StreamLimits.defaults().withConnections(10_000, streamsPerIp));
    out.println("web on http://" + HostPort.format(at) + "/ (WebSocket at /ws)");
  }
}
