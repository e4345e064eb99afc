package io.peervoice.natives;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * One connection a {@link StreamServer} accepted. Its frames arrive on the server's loop thread;
 * {@link #send} may be called from any thread.
 */
public final class StreamPeer {
  private final Channel channel;
  private final LongAdder framesOut;
  private final LongAdder refused;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private boolean flushPending;

  StreamPeer(Channel channel, LongAdder framesOut, LongAdder refused) {
    this.channel = channel;
    this.remote = (InetSocketAddress) channel.remoteAddress();
    this.local = (InetSocketAddress) channel.localAddress();
    this.framesOut = framesOut;
    this.refused = refused;
  }

  /**
   * Sends one whole frame (the caller adds any prefix); copies. Returns false (and counts it) when
   * the connection is closed or its outbound buffer is over the high water mark: back-pressure, the
   * caller drops or retries later. Never blocks; from the loop, frames are flushed together after
   * the current task.
   */
  public boolean send(byte[] data, int offset, int length) {
    if (!channel.isActive() || !channel.isWritable()) {
      refused.increment();
      return false;
    }
    framesOut.increment();
    if (!channel.eventLoop().inEventLoop()) {
      channel.writeAndFlush(Unpooled.copiedBuffer(data, offset, length));
      return true;
    }
    channel.write(Unpooled.copiedBuffer(data, offset, length));
    if (!flushPending) {
      flushPending = true;
      channel
          .eventLoop()
          .execute(
              () -> {
                flushPending = false;
                channel.flush();
              });
    }
    return true;
  }

  /** The peer's address, as the connection's handshake proved it. */
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  public InetSocketAddress localAddress() {
    return local;
  }

  /** {@code "TLSv1.3"} or {@code "TLSv1.2"}, or null for plain TCP. */
  public String tlsProtocol() {
    SslHandler tls = channel.pipeline().get(SslHandler.class);
    return tls == null ? null : tls.engine().getSession().getProtocol();
  }

  /** Closes the connection; the handler's {@code closed} follows on the loop. */
  public void close() {
    channel.close();
  }

  @Override
  public String toString() {
    boolean tls = channel.pipeline().get(SslHandler.class) != null;
    if (channel.pipeline().get(WebSocketPeerHandler.UNPREFIX) != null) {
      return (tls ? "wss:" : "ws:") + remote;
    }
    return (tls ? "tls:" : "tcp:") + remote;
  }
}
