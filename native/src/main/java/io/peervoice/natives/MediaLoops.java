package io.peervoice.natives;

import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phone-wide Netty event loops for media: epoll when the native transport loads, NIO otherwise.
 * Each call takes one {@link MediaLoop} ({@link #next()}) and does everything on its thread: its
 * sockets' receive path, its 20 ms tick and send path, its timers, so a call needs no locks and no
 * thread of its own. Threads start lazily, on the first task or socket of their loop.
 */
public final class MediaLoops implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MediaLoops.class);

  private final MultiThreadIoEventLoopGroup group;
  private final NativeTransport transport;
  private final List<MediaLoop> loops;
  private final AtomicInteger nextIndex = new AtomicInteger();
  private final MediaBuffers buffers = new MediaBuffers();

  private MediaLoops(
      MultiThreadIoEventLoopGroup group, NativeTransport transport, long idleGraceMillis) {
    this.group = group;
    this.transport = transport;
    List<MediaLoop> list = new ArrayList<>();
    for (EventExecutor executor : group) {
      list.add(new MediaLoop((EventLoop) executor, transport, idleGraceMillis, buffers));
    }
    this.loops = List.copyOf(list);
  }

  /**
   * Creates {@code threads} loops on the best transport available.
   *
   * @param threadNamePrefix the loops' thread name prefix (daemon threads)
   * @throws IllegalArgumentException if {@code threads} is not positive
   */
  public static MediaLoops create(int threads, String threadNamePrefix) {
    return create(threads, threadNamePrefix, NativeTransport.detect());
  }

  /** Creates loops on {@code transport} (NIO when asked, or when epoll is unavailable). */
  static MediaLoops create(int threads, String threadNamePrefix, NativeTransport transport) {
    return create(threads, threadNamePrefix, transport, MediaLoop.IDLE_GRACE_MILLIS);
  }

  /** Creates loops whose threads may end {@code idleGraceMillis} after their last socket closed. */
  static MediaLoops create(
      int threads, String threadNamePrefix, NativeTransport transport, long idleGraceMillis) {
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
    NettyDefaults.apply();
    IoHandlerFactory factory =
        transport.kind() == NativeTransport.Kind.EPOLL
            ? EpollIoHandler.newFactory()
            : NioIoHandler.newFactory();
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            threads, new DefaultThreadFactory(threadNamePrefix, true), factory);
    log.debug("{} media loops '{}' on {}", threads, threadNamePrefix, transport.kind());
    return new MediaLoops(group, transport, idleGraceMillis);
  }

  /** The next loop, round robin: one per call. */
  public MediaLoop next() {
    return loops.get(Math.floorMod(nextIndex.getAndIncrement(), loops.size()));
  }

  /**
   * The whole group as one scheduler: each task or schedule goes to the next loop. It belongs to
   * this object: {@link #close()} shuts it down, callers must not.
   */
  public ScheduledExecutorService asScheduler() {
    return group;
  }

  /** How many loops (threads at most). */
  public int threads() {
    return loops.size();
  }

  /** The pool the loops' datagram buffers come from. */
  MediaBuffers buffers() {
    return buffers;
  }

  /** {@code "epoll"} or {@code "nio"}. */
  public String transport() {
    return transport.kind() == NativeTransport.Kind.EPOLL ? "epoll" : "nio";
  }

  /**
   * Closes every socket bound on these loops and stops their threads: graceful, with a bounded wait
   * (none when called from one of the loops, which cannot wait for itself).
   */
  @Override
  public void close() {
    boolean onLoop = loops.stream().anyMatch(MediaLoop::inLoop);
    var terminated = group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    if (!onLoop && !terminated.awaitUninterruptibly(3, TimeUnit.SECONDS)) {
      log.warn("media loops did not stop within 3 s");
    }
  }
}
