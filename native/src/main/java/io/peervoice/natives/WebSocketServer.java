package io.peervoice.natives;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 and WebSocket (<a href="https://www.rfc-editor.org/rfc/rfc6455">RFC 6455</a>) on one TCP
 * port: static pages from a fixed table, and at {@link WebSettings#socketPath} a WebSocket whose
 * binary messages reach a {@link StreamServer.Handler} as length-prefixed frames ({@link
 * WebSocketPeerHandler}). Runs on the loop of the {@link UdpEndpoint} that started it ({@link
 * UdpEndpoint#serveWebSockets}), so the handler shares the endpoint's thread. The {@link
 * StreamLimits} of the TCP streams apply to every connection, pages and sockets alike: connections
 * in total and per source IP (IPv6: per /64), outbound high water (back-pressure), idle timeout
 * (once upgraded) and, before the upgrade, the handshake timeout as the time the request and the
 * upgrade may take in all.
 */
public final class WebSocketServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebSocketServer.class);

  /** The name of the idle handler, replaced by the socket's own at the upgrade. */
  static final String IDLE = "idle";

  /** The largest HTTP request (line, headers and body) read. */
  static final int MAX_REQUEST = 8192;

  static {
    NettyDefaults.apply();
  }

  private final ServerListener listener;

  private WebSocketServer(ServerListener listener) {
    this.listener = listener;
  }

  static WebSocketServer start(
      EventLoopGroup group,
      boolean epoll,
      InetSocketAddress listen,
      WebSettings web,
      StreamLimits limits,
      StreamServer.Handler handler,
      TlsServerSettings tls)
      throws IOException {
    Objects.requireNonNull(web, "web");
    Objects.requireNonNull(handler, "handler");
    WebSocketServerProtocolConfig socket = socketConfig(web, limits);
    ServerListener listener =
        ServerListener.bind(
            group,
            epoll,
            listen,
            limits,
            tls, // S6 wrtcw: https and wss on the web port
            (ch, tally) -> pipeline(ch, web, socket, tally, handler),
            "HTTP/WebSocket");
    log.debug("web server on {}", listener.localAddress());
    return new WebSocketServer(listener);
  }

  /** The handlers of one accepted connection, before its upgrade (also for fuzzing). */
  static void pipeline(
      Channel ch,
      WebSettings web,
      WebSocketServerProtocolConfig socket,
      StreamServer.Tally tally,
      StreamServer.Handler handler) {
    long request = tally.limits.handshakeTimeout().toMillis();
    // a request trickled in a byte at a time keeps a reader-idle timer young: the whole exchange
    // up to the upgrade has one deadline (a page's answer closes the connection long before it)
    var deadline =
        ch.eventLoop()
            .schedule(
                () -> {
                  if (ch.pipeline().get(WebSocketPeerHandler.UNPREFIX) == null && ch.isOpen()) {
                    tally.idleClosed.increment();
                    ch.close();
                  }
                },
                request,
                TimeUnit.MILLISECONDS);
    ch.closeFuture().addListener(f -> deadline.cancel(false));
    ch.pipeline()
        .addLast(IDLE, new IdleStateHandler(request, 0, 0, TimeUnit.MILLISECONDS))
        .addLast(new HttpServerCodec(4096, MAX_REQUEST, MAX_REQUEST))
        .addLast(new HttpObjectAggregator(MAX_REQUEST))
        .addLast(new WebRequestHandler(web))
        .addLast(new WebSocketServerProtocolHandler(socket))
        .addLast(new WebSocketFrameAggregator(web.maxMessage()))
        .addLast(new WebSocketPeerHandler(tally, handler, web.maxMessage()));
  }

  /** How the WebSocket at {@link WebSettings#socketPath} is run. */
  static WebSocketServerProtocolConfig socketConfig(WebSettings web, StreamLimits limits) {
    return WebSocketServerProtocolConfig.newBuilder()
        .websocketPath(web.socketPath())
        .checkStartsWith(false)
        .handshakeTimeoutMillis(limits.handshakeTimeout().toMillis())
        .dropPongFrames(true)
        .decoderConfig(
            WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(web.maxMessage())
                .allowExtensions(false)
                .expectMaskedFrames(true)
                .closeOnProtocolViolation(true)
                .build())
        .build();
  }

  /** The bound address (with the port the system chose, if 0 was asked). */
  public InetSocketAddress localAddress() {
    return listener.localAddress();
  }

  /**
   * A snapshot of the counters; {@code open} counts upgraded WebSockets, {@code accepted} every
   * connection (pages too), {@code corrupt} messages over the size limit, text messages and
   * protocol violations.
   */
  public StreamCounters counters() {
    return listener.counters();
  }

  /** Stops listening and closes every connection (their {@code closed} follows on the loop). */
  @Override
  public void close() {
    listener.close();
  }
}
