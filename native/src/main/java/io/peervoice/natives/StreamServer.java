package io.peervoice.natives;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener whose connections carry frames (<a
 * href="https://www.rfc-editor.org/rfc/rfc4571">RFC 4571</a> framing, or another {@link
 * StreamFraming}), optionally inside TLS (the JDK's SSLEngine, <a
 * href="https://www.rfc-editor.org/rfc/rfc8446">RFC 8446</a>). Netty with epoll where it loads, NIO
 * otherwise. Everything of every connection runs on one loop thread (the server's own, or a {@link
 * UdpEndpoint}'s through {@link UdpEndpoint#serveStreams}), so a protocol on it needs no locks.
 * Enforces {@link StreamLimits}: connections in total and per source IP, inbound buffer, outbound
 * high water (back-pressure: a connection over it is not read from until it drains), idle and
 * handshake timeouts.
 */
public final class StreamServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamServer.class);

  static {
    NettyDefaults.apply();
  }

  /** Receives a server's connections and frames, all on its loop thread. Must not block. */
  public interface Handler {
    /** A connection is ready (TLS: its handshake is done). */
    void opened(StreamPeer peer);

    /**
     * One whole frame (with its prefix); {@code data} is reused after return: copy what you keep.
     */
    void frame(StreamPeer peer, byte[] data, int offset, int length);

    /** Once per opened connection: closed by either side or failed (cause null if orderly). */
    void closed(StreamPeer peer, Throwable cause);
  }

  private final EventLoopGroup ownGroup;
  private final ServerListener listener;

  /** Counts, and connections per source IP (touched on the loop thread only). */
  static final class Tally {
    final StreamLimits limits;
    final Map<InetAddress, Integer> perIp = new HashMap<>();
    int connections;
    final LongAdder open = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder refusedTotal = new LongAdder();
    final LongAdder refusedPerIp = new LongAdder();
    final LongAdder handshakeFailed = new LongAdder();
    final LongAdder corrupt = new LongAdder();
    final LongAdder idleClosed = new LongAdder();
    final LongAdder framesIn = new LongAdder();
    final LongAdder framesOut = new LongAdder();
    final LongAdder sendsRefused = new LongAdder();

    Tally(StreamLimits limits) {
      this.limits = limits;
    }

    /**
     * The unit the per-IP cap counts: an IPv4 address, or an IPv6 address's /64 (one subscriber's
     * usual allocation: a host there has 2^64 addresses to spread connections over).
     */
    static InetAddress source(InetAddress ip) {
      byte[] b = ip.getAddress();
      if (b.length != 16) {
        return ip;
      }
      java.util.Arrays.fill(b, 8, 16, (byte) 0);
      try {
        return InetAddress.getByAddress(b);
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException(e); // 16 bytes are always an address
      }
    }

    /** Takes a place for a connection from {@code ip}; false (counted) if none is left. */
    boolean take(InetAddress ip) {
      ip = source(ip);
      accepted.increment();
      if (connections >= limits.maxConnections()) {
        refusedTotal.increment();
        return false;
      }
      int n = perIp.getOrDefault(ip, 0);
      if (n >= limits.maxPerIp()) {
        refusedPerIp.increment();
        return false;
      }
      perIp.put(ip, n + 1);
      connections++;
      return true;
    }

    void release(InetAddress ip) {
      ip = source(ip);
      connections--;
      perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
    }
  }

  private StreamServer(EventLoopGroup ownGroup, ServerListener listener) {
    this.ownGroup = ownGroup;
    this.listener = listener;
  }

  /**
   * Listens on {@code listen} on a loop thread of its own.
   *
   * @param tls null for plain TCP
   * @throws IOException if the address cannot be bound
   */
  public static StreamServer start(
      InetSocketAddress listen,
      TlsServerSettings tls,
      StreamFraming framing,
      StreamLimits limits,
      Handler handler,
      String threadName)
      throws IOException {
    boolean epoll = NativeTransport.detect().kind() == NativeTransport.Kind.EPOLL;
    IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadName, true), factory);
    try {
      return start(group, epoll, true, listen, tls, framing, limits, handler);
    } catch (IOException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  static StreamServer start(
      EventLoopGroup group,
      boolean epoll,
      boolean owned,
      InetSocketAddress listen,
      TlsServerSettings tls,
      StreamFraming framing,
      StreamLimits limits,
      Handler handler)
      throws IOException {
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(handler, "handler");
    ServerListener listener =
        ServerListener.bind(
            group,
            epoll,
            listen,
            limits,
            tls,
            (ch, tally) -> {
              long idle = limits.idleTimeout().toMillis();
              ch.pipeline()
                  .addLast(new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS))
                  .addLast(
                      new StreamChannelHandler(
                          tally,
                          new FrameAccumulator(framing),
                          handler,
                          tls != null,
                          limits.frameTimeout().toMillis()));
            },
            tls == null ? "TCP" : "TLS");
    log.debug("stream server on {} (tls: {})", listener.localAddress(), tls != null);
    return new StreamServer(owned ? group : null, listener);
  }

  /** The bound address (with the port the system chose, if 0 was asked). */
  public InetSocketAddress localAddress() {
    return listener.localAddress();
  }

  /** A snapshot of the counters. */
  public StreamCounters counters() {
    return listener.counters();
  }

  /** Stops listening and closes every connection (their {@code closed} follows on the loop). */
  @Override
  public void close() {
    listener.close();
    if (ownGroup != null) {
      ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
  }
}
