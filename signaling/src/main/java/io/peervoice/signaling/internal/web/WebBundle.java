package io.peervoice.signaling.internal.web;

import io.peervoice.natives.WebPage;
import io.peervoice.natives.WebSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pages a node serves to browsers: the web client bundled on the class path under {@value
 * #ROOT} (listed by its {@code files.txt}, which the web build writes), and {@code /node.json},
 * what the page needs to name this node in its location record. Read once at start into a fixed
 * table: a request can only ever get one of these, by exact path.
 */
public final class WebBundle {
  /** Where the bundle lives on the class path. */
  public static final String ROOT = "io/peervoice/web/";

  /** The WebSocket's path. */
  public static final String SOCKET_PATH = "/ws";

  /** The largest overlay message over the WebSocket: a datagram's limit, as over TCP. */
  public static final int MAX_MESSAGE = 2048;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final int MAX_FILE = 4 << 20;

  private WebBundle() {}

  /** What the node's page needs from the node, served as {@code /node.json}. */
  public record NodeFacts(String nodeId, int udpPort, int tcpPort, int tlsPort) {}

  /** The settings of a node's web endpoint: the bundle, {@code /node.json}, the origins allowed. */
  public static WebSettings settings(NodeFacts facts, Set<String> allowedOrigins) {
    return settings(facts, allowedOrigins, java.util.List.of());
  }

  /** As {@link #settings(NodeFacts, Set)}; S7 webmedia: with the ICE servers for browsers. */
  public static WebSettings settings(
      NodeFacts facts,
      Set<String> allowedOrigins,
      java.util.List<io.peervoice.signaling.WebIceServer> iceServers) {
    Map<String, WebPage> pages = new HashMap<>(load(WebBundle.class.getClassLoader()));
    pages.putIfAbsent("/index.html", missing());
    String json =
        String.format(
            Locale.ROOT,
            "{\"nodeId\":\"%s\",\"udpPort\":%d,\"tcpPort\":%d,\"tlsPort\":%d,\"socketPath\":\"%s\""
                + ",\"iceServers\":[%s]}\n",
            facts.nodeId(),
            facts.udpPort(),
            facts.tcpPort(),
            facts.tlsPort(),
            SOCKET_PATH,
            iceServers.stream()
                .map(io.peervoice.signaling.WebIceServer::toJson)
                .collect(java.util.stream.Collectors.joining(",")));
    pages.put("/node.json", new WebPage("application/json", json.getBytes(StandardCharsets.UTF_8)));
    return new WebSettings(
        SOCKET_PATH, MAX_MESSAGE, pages, allowedOrigins, WebSettings.DEFAULT_CSP);
  }

  /** The facts of a node listening on {@code udp} (and on the stream ports, 0 for none). */
  public static NodeFacts facts(String nodeId, InetSocketAddress udp, int tcpPort, int tlsPort) {
    return new NodeFacts(nodeId, udp.getPort(), tcpPort, tlsPort);
  }

  /** The bundled files listed in {@code files.txt}; empty if there is no bundle. */
  static Map<String, WebPage> load(ClassLoader loader) {
    Map<String, WebPage> pages = new HashMap<>();
    byte[] list = read(loader, ROOT + "files.txt");
    if (list == null) {
      return pages;
    }
    for (String line : new String(list, StandardCharsets.UTF_8).split("\\R")) {
      String name = line.strip();
      if (name.isEmpty()) {
        continue;
      }
      if (!NAME.matcher(name).matches() || name.contains("..")) {
        throw new IllegalStateException("bad name in the web bundle's files.txt: " + name);
      }
      byte[] body = read(loader, ROOT + name);
      if (body == null) {
        throw new IllegalStateException("the web bundle lists " + name + " but lacks it");
      }
      pages.put("/" + name, new WebPage(contentType(name), body));
    }
    return pages;
  }

  /** The media type by file extension; anything unknown is served as bytes. */
  static String contentType(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "js", "mjs" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "json", "map" -> "application/json";
      case "svg" -> "image/svg+xml";
      case "png" -> "image/png";
      case "ico" -> "image/x-icon";
      case "wav" -> "audio/wav";
      case "txt" -> "text/plain; charset=utf-8";
      default -> "application/octet-stream";
    };
  }

  private static byte[] read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      byte[] b = in.readNBytes(MAX_FILE + 1);
      if (b.length > MAX_FILE) {
        throw new IllegalStateException(resource + " is over " + MAX_FILE + " bytes");
      }
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static WebPage missing() {
    return new WebPage(
        "text/html; charset=utf-8",
        ("<!doctype html><title>PeerVoice node</title><p>This build of the node has no web client"
                + " bundled (build it with web/build.sh).</p>\n")
            .getBytes(StandardCharsets.UTF_8));
  }
}
