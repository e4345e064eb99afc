package io.peervoice.nat.internal;

import io.peervoice.nat.DatagramHandler;
import io.peervoice.natives.DatagramPort;
import io.peervoice.natives.MediaLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host candidate's UDP port on a call's media loop, and the demultiplexing of what arrives on
 * it (RFC 7983 §7, by the first byte), on the loop thread:
 *
 * <ul>
 *   <li>STUN (0-3) goes to the STUN sink: ice4j's {@link AdapterSocket} while ice4j runs ICE and
 *       consent, or our own STUN once the agent is freed ({@link #setStun});
 *   <li>TURN ChannelData (64-79) goes to ice4j (relayed candidates are based on this port);
 *   <li>everything else (RTP, RTCP, DTLS) goes to the media handler once a path on this port
 *       receives ({@link #attachMedia}), through its source filter. Until then the last {@value
 *       #PENDING} datagrams wait (a peer that completed ICE first may already send), and are handed
 *       on when the path starts receiving. S19: before then, DTLS from a source the keying trusts
 *       goes to the keying handler instead ({@link #receiveKeying}).
 * </ul>
 */
final class HostPort implements DatagramPort.Receiver, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HostPort.class);

  /** Media datagrams kept for a path that is not receiving yet. */
  static final int PENDING = 32;

  /** Takes STUN messages, on the loop thread; {@code data} is reused after return. */
  @FunctionalInterface
  interface StunSink {
    void onStun(byte[] data, int offset, int length, InetSocketAddress from);
  }

  /**
   * Looks at STUN before the STUN sink, on the loop thread: a port-prediction probe takes its own
   * checks ({@link PortPredictionProbe}); returns whether it took the datagram.
   */
  @FunctionalInterface
  interface StunTap {
    boolean take(byte[] data, int offset, int length, InetSocketAddress from);

    /**
     * Whether to hold back a STUN message ice4j's agent sends from this port (it is then not sent);
     * our own STUN's sends never come here. None held by default.
     */
    default boolean holdsAgentReply(byte[] data, int offset, int length, InetSocketAddress to) {
      return false;
    }
  }

  private record Early(byte[] data, InetSocketAddress from) {}

  private final MediaLoop loop;
  private final DatagramPort port;
  private final InetSocketAddress local;
  private final AdapterSocket adapter;
  private final ArrayDeque<Early> pending = new ArrayDeque<>(); // loop thread only
  private final LongAdder earlyDropped = new LongAdder();
  private volatile StunSink stun;
  private final java.util.List<StunTap> taps = new java.util.concurrent.CopyOnWriteArrayList<>();
  private DatagramHandler media; // loop thread only
  private volatile java.util.function.Predicate<InetSocketAddress> keyingSources;
  private volatile DatagramHandler keying; // S19: DTLS before a path receives
  private SourceFilter sources; // loop thread only

  private HostPort(MediaLoop loop, DatagramPort port, InetSocketAddress local)
      throws SocketException {
    this.loop = loop;
    this.port = port;
    this.local = local;
    this.adapter = new AdapterSocket(local, this::agentSend);
    this.stun = adapter::offer;
  }

  /**
   * Binds {@code address:port} on {@code loop}.
   *
   * @throws IOException if it cannot be bound
   */
  static HostPort bind(MediaLoop loop, InetAddress address, int portNumber) throws IOException {
    Forward forward = new Forward();
    DatagramPort port = loop.bind(new InetSocketAddress(address, portNumber), forward);
    try {
      HostPort hostPort =
          new HostPort(loop, port, new InetSocketAddress(address, port.localAddress().getPort()));
      port.setReceiver(hostPort);
      return hostPort;
    } catch (SocketException e) {
      port.close();
      throw e;
    }
  }

  /** Drops what arrives before the port's owner exists (microseconds after the bind). */
  private static final class Forward implements DatagramPort.Receiver {
    @Override
    public void received(byte[] data, int offset, int length, InetSocketAddress sender) {
      // nobody to take it yet: like a datagram that came before the bind
    }
  }

  /** The bound address: the interface's address and the port. */
  InetSocketAddress localAddress() {
    return local;
  }

  /** The socket ice4j reads and writes for this candidate. */
  AdapterSocket adapter() {
    return adapter;
  }

  MediaLoop loop() {
    return loop;
  }

  @Override
  public void received(byte[] data, int offset, int length, InetSocketAddress from) {
    if (length <= 0) {
      return;
    }
    int first = data[offset] & 0xff;
    if (first <= 3) {
      for (StunTap t : taps) {
        if (t.take(data, offset, length, from)) {
          return;
        }
      }
      stun.onStun(data, offset, length, from);
    } else if (first >= 64 && first <= 79) {
      adapter.offer(data, offset, length, from);
    } else if (media != null) {
      if (sources.admits(from)) {
        media.onDatagram(data, offset, length);
      }
    } else if (!earlyKeying(first, data, offset, length, from)) {
      if (pending.size() == PENDING) {
        pending.poll();
        earlyDropped.increment();
      }
      byte[] copy = new byte[length];
      System.arraycopy(data, offset, copy, 0, length);
      pending.add(new Early(copy, from));
    }
  }

  private boolean earlyKeying(
      int first, byte[] data, int offset, int length, InetSocketAddress from) {
    DatagramHandler handler = keying;
    if (handler == null || first < 20 || first > 63 || !keyingSources.test(from)) {
      return false;
    }
    handler.onDatagram(data, offset, length);
    return true;
  }

  /**
   * S19: until media attaches or {@link #stopKeying()}, DTLS datagrams (first byte 20..63) from a
   * source {@code sources} admits go to {@code handler} on the loop thread, not to the queue for
   * the path ({@link ValidPairKeying}).
   */
  void receiveKeying(java.util.function.Predicate<InetSocketAddress> sources, DatagramHandler h) {
    this.keyingSources = sources;
    this.keying = h;
  }

  /** Ends {@link #receiveKeying}: DTLS waits for the path again. */
  void stopKeying() {
    this.keying = null;
  }

  /**
   * Hands media on this port to {@code handler} on the loop thread, from {@code sources} only,
   * starting with what arrived before.
   */
  void attachMedia(SourceFilter sources, DatagramHandler handler) {
    onLoop(
        () -> {
          this.sources = sources;
          this.media = handler;
          for (Early e; (e = pending.poll()) != null; ) {
            if (sources.admits(e.from())) {
              try {
                handler.onDatagram(e.data(), 0, e.data().length);
              } catch (RuntimeException ex) {
                log.warn("media handler failed on an early datagram; continuing", ex);
              }
            }
          }
        });
  }

  /**
   * Hands media from {@code peer} to {@code handler} as well as from the sources already admitted
   * (a path beside the one attached, {@link PredictedLink.Easy}: the relayed path on this port must
   * keep receiving, as it carries the media again if the direct path loses consent).
   */
  void attachAlso(InetSocketAddress peer, DatagramHandler handler) {
    onLoop(
        () -> {
          java.util.Set<InetSocketAddress> allowed = new java.util.HashSet<>();
          allowed.add(new InetSocketAddress(peer.getAddress(), peer.getPort()));
          if (media != null && sources != null) {
            allowed.addAll(sources.allowed());
          }
          attachMedia(new SourceFilter(allowed), handler);
        });
  }

  /** Stops handing media on; later datagrams are dropped with the port. */
  void detachMedia() {
    onLoop(
        () -> {
          media = null;
          pending.clear();
        });
  }

  /** Sends STUN to another sink (our own STUN once ice4j's agent is freed). */
  void setStun(StunSink sink) {
    this.stun = sink;
  }

  /** Puts {@code t} before the STUN sink (after the taps added before it). */
  void addTap(StunTap t) {
    taps.add(t);
  }

  /** Takes {@code t} away (nothing if it is not there). */
  void removeTap(StunTap t) {
    taps.remove(t);
  }

  /** What ice4j's agent sends: STUN a tap holds back is dropped, the rest goes out. */
  private void agentSend(byte[] data, int offset, int length, InetSocketAddress to) {
    if (length > 0 && (data[offset] & 0xff) <= 3) {
      for (StunTap t : taps) {
        if (t.holdsAgentReply(data, offset, length, to)) {
          return;
        }
      }
    }
    port.send(data, offset, length, to);
  }

  /** Sends one datagram from this port (bounded, never blocks). */
  void send(byte[] data, int offset, int length, InetSocketAddress to) {
    port.send(data, offset, length, to);
  }

  /** Datagrams dropped before the kernel (DatagramPort#sendDropped). */
  long sendDropped() {
    return port.sendDropped();
  }

  /** Datagrams ice4j's reader, or the early-media queue, dropped for want of room. */
  long dropped() {
    return adapter.dropped() + earlyDropped.sum();
  }

  private void onLoop(Runnable task) {
    if (loop.inLoop()) {
      task.run();
      return;
    }
    try {
      loop.executor().execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("media loop shut down; port {} task dropped", local);
    }
  }

  /** Closes the adapter (waking ice4j's readers) and the port. */
  @Override
  public void close() {
    adapter.close();
    port.close();
  }
}
