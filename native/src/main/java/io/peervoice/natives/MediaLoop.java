package io.peervoice.natives;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One thread of {@link MediaLoops}: the sockets bound here deliver their datagrams on it, and
 * everything scheduled on {@link #executor()} runs on it, in order. Two seconds after its last
 * socket (UDP port or TCP/TLS stream) closed, none bound or connecting since, once nothing is
 * pending, the thread ends; the next task or socket starts another.
 */
public final class MediaLoop {
  static final int RECEIVE_BATCH = 16;
  private static final int SOCKET_BUFFER = 1 << 18;

  /** How long a loop stays without sockets before its thread may end. */
  static final long IDLE_GRACE_MILLIS = 2_000;

  private final EventLoop loop;
  private final NativeTransport transport;
  private final long idleGraceMillis;
  private final MediaBuffers buffers;
  // sockets bound, being bound, connected or connecting on this loop
  private final AtomicInteger sockets = new AtomicInteger();

  MediaLoop(EventLoop loop, NativeTransport transport, long idleGraceMillis, MediaBuffers buffers) {
    this.loop = loop;
    this.buffers = buffers;
    this.transport = transport;
    this.idleGraceMillis = idleGraceMillis;
  }

  /** This loop's thread as a scheduler: ticks, timers. Shut down only by {@link MediaLoops}. */
  public ScheduledExecutorService executor() {
    return loop;
  }

  /** Whether the calling thread is this loop's. */
  public boolean inLoop() {
    return loop.inEventLoop();
  }

  /**
   * Binds a UDP port on this loop; datagrams are delivered on the loop thread. May be called from
   * any thread, the loop's own included.
   *
   * @param local the address to bind (port 0: any free port)
   * @param receiver gets each datagram (see {@link DatagramPort#setReceiver})
   * @throws IOException if the address cannot be bound (in use, not local, loops closed)
   */
  public DatagramPort bind(InetSocketAddress local, DatagramPort.Receiver receiver)
      throws IOException {
    boolean epoll = transport.kind() == NativeTransport.Kind.EPOLL;
    DatagramPort port = new DatagramPort(receiver);
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
            .option(ChannelOption.ALLOCATOR, buffers.allocator())
            .option(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(
                    DatagramPort.MAX_QUEUED_BYTES / 2, DatagramPort.MAX_QUEUED_BYTES))
            .handler(port.inbound());
    if (epoll) {
      bootstrap
          .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, DatagramPort.MAX_DATAGRAM)
          .option(
              ChannelOption.RCVBUF_ALLOCATOR,
              new FixedRecvByteBufAllocator(DatagramPort.MAX_DATAGRAM * RECEIVE_BATCH));
    } else {
      bootstrap.option(
          ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DatagramPort.MAX_DATAGRAM));
    }
    // register, then bind: from the loop itself both complete at once (a Bootstrap.bind would
    // queue the bind behind the current task)
    // counted from before it registers: a loop never idles out under a socket being bound
    sockets.incrementAndGet();
    ChannelFuture registered;
    try {
      registered = bootstrap.register();
    } catch (RuntimeException e) { // the loop is shut down
      socketClosed();
      throw new IOException("cannot bind UDP " + local + ": " + e.getMessage(), e);
    }
    registered.channel().closeFuture().addListener(closed -> socketClosed());
    await(registered, local);
    ChannelFuture bound = registered.channel().bind(local);
    await(bound, local);
    port.attach(bound.channel());
    return port;
  }

  /**
   * Opens a TCP connection (TLS on top when {@code tls} is given) to {@code remote} on this loop:
   * frames and the close arrive on its thread, {@code TCP_NODELAY} on. May be called from any
   * thread.
   *
   * @param tls TLS settings, or null for plain TCP
   * @param framing how the received bytes are cut into frames
   * @param connectTimeout bound on the TCP connect and, separately, on the TLS handshake
   * @return completes on the loop thread once connected (and the TLS handshake and peer check
   *     passed), or fails with an {@link IOException} (an {@link javax.net.ssl.SSLException} for
   *     TLS failures) saying why
   */
  public CompletableFuture<StreamConnection> connect(
      InetSocketAddress remote,
      TlsClientSettings tls,
      StreamFraming framing,
      Duration connectTimeout,
      StreamConnection.Listener listener) {
    sockets.incrementAndGet(); // a stream counts as a socket from its connect to its close
    CompletableFuture<StreamConnection> result;
    try {
      result =
          StreamConnector.connect(loop, transport, remote, tls, framing, connectTimeout, listener);
    } catch (RuntimeException e) {
      socketClosed();
      throw e;
    }
    result.whenComplete(
        (connection, failure) -> {
          if (failure != null) {
            socketClosed();
          } else {
            connection.onClosed(this::socketClosed);
          }
        });
    return result;
  }

  private void socketClosed() {
    if (sockets.decrementAndGet() == 0) {
      try {
        loop.schedule(this::idleOutIfStillIdle, idleGraceMillis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // the loops are shutting down: their threads end anyway
      }
    }
  }

  /**
   * Lets this loop's thread end if no socket was bound on it since the last one closed, once no
   * task or timer is pending (it serves them as usual until then); the next task, timer or socket
   * starts a thread again. So a phone without calls keeps no media thread and no wake-ups (an idle
   * Netty loop otherwise wakes every second). Asked only after a grace period without sockets: a
   * loop asked to end keeps checking whether it may, at the cost of more wake-ups, until it does.
   */
  private void idleOutIfStillIdle() {
    if (sockets.get() == 0) {
      loop.trySuspend();
    }
  }

  /**
   * Whether this loop's thread is gone (or going, once nothing needs it): asked to suspend, with no
   * socket. Netty has no way back from suspending but suspending: a socket bound while the loop was
   * asked to suspend (before the grace task saw it) keeps the loop running, and it suspends once
   * that socket closes and nothing is pending.
   */
  boolean idledOut() {
    return loop.isSuspended() && sockets.get() == 0;
  }

  /** Asks the loop to suspend at once, as the grace task does; for tests. */
  boolean trySuspendForTest() {
    return loop.trySuspend();
  }

  private void await(ChannelFuture future, InetSocketAddress local) throws IOException {
    if (!inLoop()) {
      future.awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    if (!future.isDone()) {
      future.channel().close();
      throw new IOException("cannot bind UDP " + local + ": the bind did not complete");
    }
    if (!future.isSuccess()) {
      future.channel().close();
      Throwable cause = future.cause();
      throw new IOException("cannot bind UDP " + local + ": " + cause.getMessage(), cause);
    }
  }
}
