package io.peervoice.natives;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side of a {@link WebSocketServer}: a request whose raw target is exactly the WebSocket
 * path goes on to the upgrade once its {@code Origin} is allowed (the upgrade compares the raw
 * target too); one that only decodes to it ({@code /ws?x=1}, {@code /%77s}) is refused at once
 * (400). Any other is answered from the fixed page table (GET and HEAD only) and the connection
 * closed. Pages are looked up by exact path, so there is nothing to traverse. One request per
 * connection is handled: pipelined requests after it are dropped unanswered, so one read of many
 * requests cannot queue many answers. Reading goes on until the answer's close (bounded by the
 * handshake deadline): bytes left unread in the kernel would make that close a reset, which
 * discards the answer at the client.
 */
final class WebRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final WebPage NOT_FOUND = text("not found\n");
  private final WebSettings settings;
  private boolean handled;

  WebRequestHandler(WebSettings settings) {
    this.settings = settings;
  }

  private static WebPage text(String s) {
    return new WebPage("text/plain; charset=utf-8", s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (handled) {
      return; // pipelined after the one request a connection gets: dropped (and released)
    }
    handled = true;
    if (!request.decoderResult().isSuccess()) {
      respond(ctx, request, HttpResponseStatus.BAD_REQUEST, text("bad request\n"));
      return;
    }
    String path = new QueryStringDecoder(request.uri()).path();
    if (request.uri().equals(settings.socketPath())) {
      String origin = request.headers().get(HttpHeaderNames.ORIGIN);
      if (!settings.allowedOrigins().isEmpty()
          && (origin == null || !settings.allowedOrigins().contains(origin))) {
        respond(ctx, request, HttpResponseStatus.FORBIDDEN, text("origin not allowed\n"));
        return;
      }
      ctx.fireChannelRead(request.retain()); // on to the upgrade
      return;
    }
    if (path.equals(settings.socketPath())) {
      // the upgrade compares the raw target and would not take it: refused now, not at the deadline
      respond(
          ctx,
          request,
          HttpResponseStatus.BAD_REQUEST,
          text("the socket is at exactly " + path + "\n"));
      return;
    }
    boolean head = request.method().equals(HttpMethod.HEAD);
    if (!head && !request.method().equals(HttpMethod.GET)) {
      respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, text("GET or HEAD only\n"));
      return;
    }
    WebPage page = settings.pages().get(path.equals("/") ? "/index.html" : path);
    if (page == null) {
      respond(ctx, request, HttpResponseStatus.NOT_FOUND, NOT_FOUND);
    } else {
      respond(ctx, request, HttpResponseStatus.OK, page);
    }
  }

  private void respond(
      ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, WebPage page) {
    boolean head = request.method().equals(HttpMethod.HEAD);
    FullHttpResponse out =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(page.body()));
    HttpHeaders h = out.headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, page.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, page.body().length)
        .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, settings.contentSecurityPolicy())
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "no-referrer")
        .set("Cross-Origin-Opener-Policy", "same-origin")
        .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
        .set(HttpHeaderNames.CONNECTION, "close");
    if (status == HttpResponseStatus.METHOD_NOT_ALLOWED) {
      h.set(HttpHeaderNames.ALLOW, "GET, HEAD");
    }
    ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.fireExceptionCaught(cause);
  }
}
