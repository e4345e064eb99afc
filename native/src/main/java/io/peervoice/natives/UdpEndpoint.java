package io.peervoice.natives;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP socket on one Netty event loop: epoll with batched receive ({@code recvmmsg}) when the
 * native transport loads, NIO otherwise. Received datagrams and everything scheduled on {@link
 * #loop()} run on the same single thread, so a protocol built on it needs no locks. Sends from the
 * loop are written at once and flushed together after the current batch.
 */
public final class UdpEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UdpEndpoint.class);

  static {
    NettyDefaults.apply(); // no JFR events for Netty's buffers unless asked (see there)
  }

  /** The largest datagram received; larger ones are truncated by the kernel and dropped. */
  public static final int MAX_DATAGRAM = 2048;

  private static final int RECEIVE_BATCH = 32;

  /** Receives each datagram on the event loop. Must not block. */
  @FunctionalInterface
  public interface Receiver {
    void received(InetSocketAddress sender, byte[] data);
  }

  private final MultiThreadIoEventLoopGroup group;
  private final Channel channel;
  private final NativeTransport transport;
  private final LongAdder sendFailures = new LongAdder();
  private final LongAdder received = new LongAdder();
  private boolean flushPending;
  private volatile java.util.function.Consumer<InetSocketAddress> sendFailed = to -> {};

  private UdpEndpoint(
      MultiThreadIoEventLoopGroup group, Channel channel, NativeTransport transport) {
    this.group = group;
    this.channel = channel;
    this.transport = transport;
  }

  /**
   * Binds {@code local} and delivers what arrives to {@code receiver}.
   *
   * @param threadName the event loop thread's name prefix
   * @throws IOException if the address cannot be bound
   */
  public static UdpEndpoint bind(InetSocketAddress local, Receiver receiver, String threadName)
      throws IOException {
    NativeTransport transport = NativeTransport.detect();
    boolean epoll = transport.kind() == NativeTransport.Kind.EPOLL;
    IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadName, true), factory);
    Holder holder = new Holder();
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, 4 << 20)
            .option(ChannelOption.SO_SNDBUF, 4 << 20)
            .handler(new Inbound(receiver, holder));
    if (epoll) {
      bootstrap
          .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
          .option(
              ChannelOption.RCVBUF_ALLOCATOR,
              new FixedRecvByteBufAllocator(MAX_DATAGRAM * RECEIVE_BATCH));
    } else {
      bootstrap.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
    }
    try {
      Channel channel = bootstrap.bind(local).sync().channel();
      UdpEndpoint endpoint = new UdpEndpoint(group, channel, transport);
      holder.endpoint = endpoint;
      log.debug("udp {} bound on {} ({})", threadName, channel.localAddress(), transport.kind());
      return endpoint;
    } catch (Exception e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("cannot bind UDP " + local + ": " + e.getMessage(), e);
    }
  }

  private static final class Holder {
    volatile UdpEndpoint endpoint;
  }

  private static final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Receiver receiver;
    private final Holder holder;

    Inbound(Receiver receiver, Holder holder) {
      this.receiver = receiver;
      this.holder = holder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      ByteBuf content = packet.content();
      byte[] data = new byte[content.readableBytes()];
      content.getBytes(content.readerIndex(), data);
      UdpEndpoint endpoint = holder.endpoint;
      if (endpoint != null) {
        endpoint.received.increment();
      }
      try {
        receiver.received(packet.sender(), data);
      } catch (RuntimeException e) {
        log.warn("datagram handler failed on a datagram from {}", packet.sender(), e);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("udp socket error: {}", cause.toString());
    }
  }

  /** The bound address (with the port the system chose, if 0 was asked). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** The single event-loop thread receiving datagrams; schedule protocol work on it. */
  public ScheduledExecutorService loop() {
    return channel.eventLoop();
  }

  /**
   * Listens for stream connections (TCP, or TLS if {@code tls} is given) on this endpoint's loop
   * thread, so that their frames and this socket's datagrams are handled on the same thread.
   *
   * @throws IOException if {@code listen} cannot be bound
   */
  public StreamServer serveStreams(
      InetSocketAddress listen,
      TlsServerSettings tls,
      StreamFraming framing,
      StreamLimits limits,
      StreamServer.Handler handler)
      throws IOException {
    return StreamServer.start(
        channel.eventLoop(),
        transport.kind() == NativeTransport.Kind.EPOLL,
        false,
        listen,
        tls,
        framing,
        limits,
        handler);
  }

  // S5 web
  /**
   * Serves HTTP pages and a WebSocket on {@code listen} on this endpoint's loop thread ({@link
   * WebSocketServer}): the handler's frames arrive on the same thread as this endpoint's datagrams.
   *
   * @throws IOException if the address cannot be bound
   */
  public WebSocketServer serveWebSockets(
      InetSocketAddress listen, WebSettings web, StreamLimits limits, StreamServer.Handler handler)
      throws IOException {
    return serveWebSockets(listen, web, limits, handler, null);
  }

  /**
   * As {@link #serveWebSockets(InetSocketAddress, WebSettings, StreamLimits,
   * StreamServer.Handler)}, over TLS when {@code tls} is not null (https and wss on one port).
   */
  public WebSocketServer serveWebSockets(
      InetSocketAddress listen,
      WebSettings web,
      StreamLimits limits,
      StreamServer.Handler handler,
      TlsServerSettings tls)
      throws IOException {
    return WebSocketServer.start(
        channel.eventLoop(),
        transport.kind() == NativeTransport.Kind.EPOLL,
        listen,
        web,
        limits,
        handler,
        tls);
  }

  /**
   * Opens a TCP connection (TLS on top when {@code tls} is given) to {@code remote} on this
   * endpoint's loop: frames and the close arrive on its thread, {@code TCP_NODELAY} on. May be
   * called from any thread.
   *
   * @param tls TLS settings, or null for plain TCP
   * @param framing how the received bytes are cut into frames
   * @param connectTimeout bound on the TCP connect and, separately, on the TLS handshake
   * @return completes on the loop thread once connected (and the TLS handshake and peer check
   *     passed), or fails with an {@link IOException} (an {@link javax.net.ssl.SSLException} for
   *     TLS failures) saying why
   */
  public java.util.concurrent.CompletableFuture<StreamConnection> connect(
      InetSocketAddress remote,
      TlsClientSettings tls,
      StreamFraming framing,
      java.time.Duration connectTimeout,
      StreamConnection.Listener listener) {
    return StreamConnector.connect(
        channel.eventLoop(), transport, remote, tls, framing, connectTimeout, listener);
  }

  /** Which Netty transport this socket runs on, and why not epoll if not. */
  public NativeTransport transport() {
    return transport;
  }

  /** Sends one datagram; from the loop it is flushed with the rest of the batch. Never blocks. */
  public void send(InetSocketAddress to, byte[] data) {
    DatagramPacket packet = new DatagramPacket(Unpooled.wrappedBuffer(data), to);
    if (!channel.eventLoop().inEventLoop()) {
      channel.writeAndFlush(packet).addListener(f -> countFailure(to, f.cause()));
      return;
    }
    channel.write(packet).addListener(f -> countFailure(to, f.cause()));
    if (!flushPending) {
      flushPending = true;
      channel.eventLoop().execute(this::flush);
    }
  }

  private void flush() {
    flushPending = false;
    channel.flush();
  }

  private void countFailure(InetSocketAddress to, Throwable cause) {
    if (cause != null) {
      sendFailures.increment();
      log.debug("udp send to {} failed: {}", to, cause.toString());
      try {
        sendFailed.accept(to);
      } catch (RuntimeException e) {
        log.warn("send failure listener failed", e);
      }
    }
  }

  /**
   * Tells {@code listener} (on the loop thread) the destination of each datagram the kernel refused
   * to send (no route, address family not supported, ...): a caller may try another way at once.
   */
  public void onSendFailure(java.util.function.Consumer<InetSocketAddress> listener) {
    this.sendFailed = listener;
  }

  /** Datagrams the kernel refused to send (unreachable, buffer full). */
  public long sendFailures() {
    return sendFailures.sum();
  }

  /** Datagrams received so far. */
  public long received() {
    return received.sum();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
