package io.peervoice.natives;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link WebSocketServer} serves besides its WebSocket.
 *
 * @param socketPath the path of the WebSocket endpoint, e.g. {@code /ws}
 * @param maxMessage the largest binary message accepted (bigger ones close the connection with
 *     1009, <a href="https://www.rfc-editor.org/rfc/rfc6455#section-7.4.1">RFC 6455, section
 *     7.4.1</a>)
 * @param pages the static files by path ({@code /index.html}); {@code /} serves {@code
 *     /index.html}. Only these paths are served: nothing is read from a file system, so no request
 *     can reach another file
 * @param allowedOrigins the {@code Origin} header values allowed to open the WebSocket; empty
 *     allows any (the WebSocket carries nothing a non-browser client could not send over UDP, and
 *     no cookie or credential is ever read)
 * @param contentSecurityPolicy the {@code Content-Security-Policy} header of every page
 */
public record WebSettings(
    String socketPath,
    int maxMessage,
    Map<String, WebPage> pages,
    Set<String> allowedOrigins,
    String contentSecurityPolicy) {

  /** Scripts, styles and connections from the serving origin only; no frames, plugins or eval. */
  public static final String DEFAULT_CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; media-src 'self' blob:; base-uri 'none'; form-action 'none';"
          + " frame-ancestors 'none'";

  public WebSettings {
    Objects.requireNonNull(socketPath, "socketPath");
    if (!socketPath.startsWith("/")) {
      throw new IllegalArgumentException("the WebSocket path must start with /: " + socketPath);
    }
    if (maxMessage < 1 || maxMessage > 65_536) {
      throw new IllegalArgumentException("maxMessage must be 1..65536 bytes, got " + maxMessage);
    }
    pages = Map.copyOf(pages);
    allowedOrigins = Set.copyOf(allowedOrigins);
    Objects.requireNonNull(contentSecurityPolicy, "contentSecurityPolicy");
  }
}
