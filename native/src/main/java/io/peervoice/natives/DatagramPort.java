package io.peervoice.natives;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP port bound on one {@link MediaLoop}. Datagrams are delivered on the loop's thread, batched
 * with {@code recvmmsg} on epoll; sends are bounded (a full socket drops and counts, never blocks
 * or queues without limit).
 */
public final class DatagramPort implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DatagramPort.class);

  /** The largest datagram received; larger ones are truncated by the kernel and dropped. */
  public static final int MAX_DATAGRAM = 2048;

  /** Bytes that may wait in the port's outbound buffer before sends are dropped. */
  static final int MAX_QUEUED_BYTES = 256 * 1024;

  /** Sends from other threads that may wait for the loop before sends are dropped. */
  static final int MAX_QUEUED_OFF_LOOP = 1024;

  /** Receives the port's datagrams. */
  @FunctionalInterface
  public interface Receiver {
    /** On the loop thread; {@code data} is reused after return: copy what you keep. */
    void received(byte[] data, int offset, int length, InetSocketAddress sender);
  }

  private volatile Receiver receiver;
  private volatile Channel channel;
  private final byte[] rx = new byte[MAX_DATAGRAM];
  private final LongAdder received = new LongAdder();
  private final LongAdder sendFailures = new LongAdder();
  private final LongAdder sendDropped = new LongAdder();
  private final AtomicInteger queuedOffLoop = new AtomicInteger();
  private final Runnable flush = this::flush;
  private boolean flushPending; // loop thread only

  DatagramPort(Receiver receiver) {
    this.receiver = Objects.requireNonNull(receiver, "receiver");
  }

  void attach(Channel channel) {
    this.channel = channel;
  }

  ChannelHandler inbound() {
    return new Inbound();
  }

  /** The bound address (with the port the system chose, if 0 was asked). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** Swaps who gets the datagrams (e.g. an ICE agent's adapter, then the media path). */
  public void setReceiver(Receiver r) {
    this.receiver = Objects.requireNonNull(r, "receiver");
  }

  /**
   * Sends one datagram; the bytes are copied before this returns. On the loop thread it is written
   * at once and flushed after the current read batch or task; from another thread it is queued to
   * the loop. Never blocks: when the socket's buffer or the queue is full, the datagram is dropped
   * and counted in {@link #sendDropped()}.
   */
  public void send(byte[] data, int offset, int length, InetSocketAddress to) {
    Objects.checkFromIndexSize(offset, length, data.length);
    Channel ch = channel;
    if (ch == null || !ch.isActive() || !ch.isWritable()) {
      sendDropped.increment();
      return;
    }
    boolean onLoop = ch.eventLoop().inEventLoop();
    if (!onLoop && queuedOffLoop.incrementAndGet() > MAX_QUEUED_OFF_LOOP) {
      queuedOffLoop.decrementAndGet();
      sendDropped.increment();
      return;
    }
    ByteBuf buf = ch.alloc().directBuffer(length);
    buf.writeBytes(data, offset, length);
    DatagramPacket packet = new DatagramPacket(buf, to);
    if (onLoop) {
      ch.write(packet, ch.voidPromise());
      if (!flushPending) {
        flushPending = true;
        ch.eventLoop().execute(flush);
      }
      return;
    }
    try {
      ch.eventLoop()
          .execute(
              () -> {
                queuedOffLoop.decrementAndGet();
                ch.writeAndFlush(packet, ch.voidPromise());
              });
    } catch (RuntimeException e) { // the loop is shut down
      queuedOffLoop.decrementAndGet();
      packet.release();
      sendDropped.increment();
    }
  }

  private void flush() {
    flushPending = false;
    Channel ch = channel;
    if (ch != null) {
      ch.flush();
    }
  }

  /** Datagrams received so far. */
  public long received() {
    return received.sum();
  }

  /** Datagrams the kernel refused to send (unreachable, no route). */
  public long sendFailures() {
    return sendFailures.sum();
  }

  /** Datagrams dropped before the kernel: port closed, socket buffer or loop queue full. */
  public long sendDropped() {
    return sendDropped.sum();
  }

  /** Closes the socket; waits (bounded) unless called from its own loop. Idempotent. */
  @Override
  public void close() {
    Channel ch = channel;
    if (ch == null) {
      return;
    }
    var closed = ch.close();
    if (!ch.eventLoop().inEventLoop()) {
      closed.awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
  }

  private final class Inbound extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof DatagramPacket packet)) {
        io.netty.util.ReferenceCountUtil.release(msg);
        return;
      }
      try {
        ByteBuf content = packet.content();
        int length = Math.min(content.readableBytes(), rx.length);
        content.getBytes(content.readerIndex(), rx, 0, length);
        received.increment();
        receiver.received(rx, 0, length, packet.sender());
      } catch (RuntimeException e) {
        log.warn("datagram receiver failed on a datagram from {}", packet.sender(), e);
      } finally {
        packet.release();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (flushPending) {
        flush(); // the batch's replies go out together; the queued flush task finds nothing
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      sendFailures.increment();
      log.debug("udp port {}: {}", ctx.channel().localAddress(), cause.toString());
    }
  }
}
