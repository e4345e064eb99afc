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
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The listening side {@link StreamServer} and {@link WebSocketServer} share: a TCP server socket on
 * a loop whose accepted connections each take a place in a {@link StreamServer.Tally} (in total and
 * per source IP; one without a place is closed at once), have {@link
 * StreamLimits#outboundHighWater()} as their write buffer's high water, start with TLS when asked
 * and get the rest of their pipeline from the server. {@link #close()} closes them all.
 */
final class ServerListener {
  final Channel channel;
  final ChannelGroup children;
  final StreamServer.Tally tally;

  private ServerListener(Channel channel, ChannelGroup children, StreamServer.Tally tally) {
    this.channel = channel;
    this.children = children;
    this.tally = tally;
  }

  /**
   * Binds {@code listen} on {@code group} ({@code epoll} or NIO channels); each accepted connection
   * that got a place gets {@code tls} first (if not null), then {@code pipeline}'s handlers (given
   * the tally).
   *
   * @throws IOException if it cannot be bound, saying {@code what} was to listen
   */
  static ServerListener bind(
      EventLoopGroup group,
      boolean epoll,
      InetSocketAddress listen,
      StreamLimits limits,
      TlsServerSettings tls,
      BiConsumer<SocketChannel, StreamServer.Tally> pipeline,
      String what)
      throws IOException {
    StreamServer.Tally tally = new StreamServer.Tally(limits);
    ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    int high = limits.outboundHighWater();
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
                    if (tls != null) {
                      ch.pipeline().addLast(tls.serverHandler(limits.handshakeTimeout()));
                    }
                    pipeline.accept(ch, tally);
                  }
                });
    try {
      return new ServerListener(bootstrap.bind(listen).sync().channel(), children, tally);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("cannot listen for " + what + " on " + listen + ": " + e, e);
    }
  }

  /** The bound address (with the port the system chose, if 0 was asked). */
  InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** A snapshot of the tally's counters. */
  StreamCounters counters() {
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

  /** Stops listening and closes every connection. */
  void close() {
    channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    children.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
  }
}
