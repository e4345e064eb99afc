package io.peervoice.natives;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
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

  private final Channel channel;
  private final ChannelGroup children;
  private final StreamServer.Tally tally;

  private WebSocketServer(Channel channel, ChannelGroup children, StreamServer.Tally tally) {
    this.channel = channel;
    this.children = children;
    this.tally = tally;
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
    StreamServer.Tally tally = new StreamServer.Tally(limits);
    ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    int high = limits.outboundHighWater();
    WebSocketServerProtocolConfig socket = socketConfig(web, limits);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    InetAddress ip = ch.remoteAddress().getAddress();
                    if (!tally.take(ip)) {
                      ch.close();
                      return;
                    }
                    ch.closeFuture().addListener(f -> tally.release(ip));
                    children.add(ch);
                    if (tls != null) { // S6 wrtcw: https and wss on the web port
                      ch.pipeline().addLast(tls.serverHandler(limits.handshakeTimeout()));
                    }
                    pipeline(ch, web, socket, tally, handler);
                  }
                });
    try {
      Channel channel = bootstrap.bind(listen).sync().channel();
      log.debug("web server on {}", channel.localAddress());
      return new WebSocketServer(channel, children, tally);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("cannot listen for HTTP/WebSocket on " + listen + ": " + e, e);
    }
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
    return (InetSocketAddress) channel.localAddress();
  }

  /**
   * A snapshot of the counters; {@code open} counts upgraded WebSockets, {@code accepted} every
   * connection (pages too), {@code corrupt} messages over the size limit, text messages and
   * protocol violations.
   */
  public StreamCounters counters() {
    return new StreamCounters(
        tally.open.sum(),
        tally.accepted.sum(),
        tally.refusedTotal.sum(),
        tally.refusedPerIp.sum(),
        tally.handshakeFailed.sum(),
        tally.corrupt.sum(),
        tally.idleClosed.sum(),
        tally.framesIn.sum(),
        tally.framesOut.sum(),
        tally.sendsRefused.sum());
  }

  /** Stops listening and closes every connection (their {@code closed} follows on the loop). */
  @Override
  public void close() {
    channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    children.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
  }
}
