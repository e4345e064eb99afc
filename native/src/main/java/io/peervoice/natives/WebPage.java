package io.peervoice.natives;

import java.util.Objects;

/**
 * One static file a {@link WebSocketServer} serves: its media type and its bytes.
 *
 * @param contentType the {@code Content-Type} header, e.g. {@code text/html; charset=utf-8}
 * @param body the file's bytes (not copied: never mutate it)
 */
public record WebPage(String contentType, byte[] body) {
  public WebPage {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }
}
