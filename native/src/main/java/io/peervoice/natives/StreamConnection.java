package io.peervoice.natives;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client TCP (or TLS over TCP) connection on one Netty event loop, cut into frames by a {@link
 * StreamFraming}. Opened by {@link MediaLoop#connect} or {@link UdpEndpoint#connect}; frames and
 * the close arrive on that loop's thread. {@code TCP_NODELAY} is on: each {@link #send} leaves at
 * once (batched with the others of the same loop task).
 */
public final class StreamConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamConnection.class);

  /** Outbound bytes over which {@link #send} refuses (back-pressure). */
  static final int HIGH_WATER = 256 * 1024;

  /** Sends from other threads that may wait for the loop before sends are refused. */
  static final int MAX_QUEUED_OFF_LOOP = 1024;

  /** Gets the connection's frames and its end. Must not block. */
  public interface Listener {
    /** On the connection's loop thread; {@code data} is reused after return: copy what you keep. */
    void frame(byte[] data, int offset, int length);

    /**
     * Once, on the loop thread, after the connection was established: closed by either side or
     * failed ({@code cause} null on an orderly close). A connection that never opened fails its
     * future instead.
     */
    void closed(Throwable cause);
  }

  private final Channel channel;
  private final Listener listener;
  private final LongAdder sendDropped = new LongAdder();
  private final AtomicInteger queuedOffLoop = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong queuedOffLoopBytes =
      new java.util.concurrent.atomic.AtomicLong();
  private final Runnable flush = this::flush;
  private volatile String tlsProtocol;
  private boolean flushPending; // loop thread only

  StreamConnection(Channel channel, Listener listener) {
    this.channel = channel;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  void tlsProtocol(String protocol) {
    this.tlsProtocol = protocol;
  }

  Listener listener() {
    return listener;
  }

  /**
   * Sends one whole frame (the caller adds any prefix); the bytes are copied before this returns.
   * Never blocks.
   *
   * @return false (and counted in {@link #sendDropped()}) if the connection is closed or its
   *     outbound buffer is over its high-water mark: the caller drops or waits
   */
  public boolean send(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    if (!channel.isActive() || !channel.isWritable()) {
      sendDropped.increment();
      return false;
    }
    boolean onLoop = channel.eventLoop().inEventLoop();
    if (!onLoop && !reserveOffLoop(length)) {
      sendDropped.increment();
      return false;
    }
    ByteBuf buf = channel.alloc().buffer(length);
    buf.writeBytes(data, offset, length);
    if (onLoop) {
      channel.write(buf, channel.voidPromise());
      if (!flushPending) {
        flushPending = true;
        channel.eventLoop().execute(flush);
      }
      return true;
    }
    try {
      channel
          .eventLoop()
          .execute(
              () -> {
                releaseOffLoop(length);
                channel.writeAndFlush(buf, channel.voidPromise());
              });
      return true;
    } catch (RuntimeException e) { // the loop is shut down
      releaseOffLoop(length);
      buf.release();
      sendDropped.increment();
      return false;
    }
  }

  /**
   * Counts a send from another thread against the high-water mark: the bytes waiting for the loop
   * are not in Netty's outbound buffer yet, so {@code isWritable} alone would let them pile up.
   */
  private boolean reserveOffLoop(int length) {
    long bytes = queuedOffLoopBytes.addAndGet(length);
    if (queuedOffLoop.incrementAndGet() > MAX_QUEUED_OFF_LOOP
        || bytes > channel.bytesBeforeUnwritable()) {
      releaseOffLoop(length);
      return false;
    }
    return true;
  }

  private void releaseOffLoop(int length) {
    queuedOffLoop.decrementAndGet();
    queuedOffLoopBytes.addAndGet(-length);
  }

  private void flush() {
    flushPending = false;
    channel.flush();
  }

  /** Frames refused by {@link #send}: closed, or over the high-water mark. */
  public long sendDropped() {
    return sendDropped.sum();
  }

  /** Whether the connection is still open. */
  public boolean isOpen() {
    return channel.isActive();
  }

  /** This side's address. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** The server's address. */
  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  /** The TLS protocol negotiated ({@code "TLSv1.3"}, {@code "TLSv1.2"}), or null for plain TCP. */
  public String tlsProtocol() {
    return tlsProtocol;
  }

  /** Runs {@code action} once this connection's channel closed (at once if it has). */
  void onClosed(Runnable action) {
    channel.closeFuture().addListener(closed -> action.run());
  }

  /**
   * Closes the connection (TLS: after sending close_notify); the listener's {@code closed(null)}
   * follows on the loop. Waits (bounded) unless called from the loop. Idempotent.
   */
  @Override
  public void close() {
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    var closed = ssl != null && channel.isActive() ? closeTls(ssl) : channel.close();
    if (!channel.eventLoop().inEventLoop()) {
      closed.awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
  }

  private io.netty.channel.ChannelFuture closeTls(SslHandler ssl) {
    ssl.closeOutbound();
    return channel.close();
  }

  /** The pipeline's last handler: frames to the listener, the end reported once. */
  static final class Inbound extends ChannelInboundHandlerAdapter {
    private final FrameAccumulator frames;
    private StreamConnection connection;
    private Throwable failure;
    private boolean opened;
    private boolean reported;

    Inbound(StreamFraming framing) {
      this.frames = new FrameAccumulator(framing);
    }

    void attach(StreamConnection c) {
      this.connection = c;
    }

    /** The connection's future completed: its end is reported from now on. */
    void opened() {
      this.opened = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof ByteBuf in)) {
        io.netty.util.ReferenceCountUtil.release(msg);
        return;
      }
      try {
        if (!opened || !ctx.channel().isActive()) {
          return; // before the peer passed its checks (TLS, pinning), or after a failed one: drop
        }
        if (!frames.feed(in, this::deliver)) {
          failure = new java.io.IOException("corrupt stream: no valid frame");
          ctx.close();
        }
      } finally {
        in.release();
      }
    }

    private void deliver(byte[] data, int offset, int length) {
      try {
        connection.listener().frame(data, offset, length);
      } catch (RuntimeException e) {
        log.warn("stream listener failed on a frame from {}", connection.remoteAddress(), e);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (connection != null && connection.flushPending) {
        connection.flush(); // replies to this read batch leave together
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (failure == null) {
        failure = cause;
      }
      log.debug("stream {}: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (opened && !reported) {
        reported = true;
        try {
          connection.listener().closed(failure);
        } catch (RuntimeException e) {
          log.warn("stream listener failed on close", e);
        }
      }
      ctx.fireChannelInactive();
    }
  }
}
