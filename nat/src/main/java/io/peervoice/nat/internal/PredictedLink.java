package io.peervoice.nat.internal;

import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceCandidate;
import io.peervoice.natives.DatagramPort;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A direct path a port-prediction probe found ({@link PortPredictionProbe}): media to the peer's
 * address from one of our ports, and media from exactly that address handed on. Either our ICE host
 * port (the side whose probes were sprayed, {@link Easy}) or one of the probe's own sockets (the
 * side that opened many, {@link Hard}).
 */
abstract sealed class PredictedLink {
  private final IceCandidate local;
  private final IceCandidate remote;
  private final InetSocketAddress peer;

  /** Hears of the path a probe found and of its loss, on the loop thread. */
  interface Listener {
    void found(PredictedLink link);

    void lost();
  }

  /** A peer-reflexive candidate for an address a probe learnt. */
  static IceCandidate reflexive(InetSocketAddress a) {
    return new IceCandidate(
        "pp",
        1,
        1,
        a.getAddress().getHostAddress(),
        a.getPort(),
        io.peervoice.nat.CandidateType.PEER_REFLEXIVE,
        null,
        0);
  }

  PredictedLink(IceCandidate local, IceCandidate remote, InetSocketAddress peer) {
    this.local = local;
    this.remote = remote;
    this.peer = new InetSocketAddress(peer.getAddress(), peer.getPort());
  }

  IceCandidate local() {
    return local;
  }

  IceCandidate remote() {
    return remote;
  }

  /** The peer's address on this path: the only one media goes to and is taken from. */
  InetSocketAddress peer() {
    return peer;
  }

  /** Sends from our port of this path; never blocks. */
  abstract void send(byte[] data, int offset, int length);

  /** Hands media from {@link #peer()} to {@code handler}, on the call's media loop's thread. */
  abstract void attach(DatagramHandler handler);

  /** Stops handing media on, and closes what is the link's own. */
  abstract void close();

  /** Over our ICE host port: the probe sprayed from it, and the peer's socket answered. */
  static final class Easy extends PredictedLink {
    private final HostPort port;

    Easy(HostPort port, IceCandidate local, IceCandidate remote, InetSocketAddress peer) {
      super(local, remote, peer);
      this.port = port;
    }

    @Override
    void send(byte[] data, int offset, int length) {
      port.send(data, offset, length, peer());
    }

    @Override
    void attach(DatagramHandler handler) {
      port.attachAlso(peer(), handler); // the relayed path may receive on this port too
    }

    @Override
    void close() {
      port.detachMedia();
    }
  }

  /**
   * Over one of the probe's sockets: the peer's probe reached it through our NAT. The socket lives
   * on the probe's loop ({@link ProbeLoop}, one thread for every call of the process), so a
   * datagram from the peer is copied there and handed to the call's media loop, where the handler
   * runs, as on every other path: a call's media never waits behind another call's burst. At most
   * {@link #MAX_IN_FLIGHT} wait to be taken there (past it they are dropped and counted). Media
   * that comes before a handler is attached (the peer may take the path first) waits, the last
   * {@value HostPort#PENDING} datagrams, as on a host port.
   */
  static final class Hard extends PredictedLink {
    /** Datagrams handed to the media loop and not yet taken there; past it a flood is dropped. */
    static final int MAX_IN_FLIGHT = 64;

    private final DatagramPort port;
    private final Executor media;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final ArrayDeque<byte[]> early = new ArrayDeque<>(); // media loop
    private DatagramHandler handler; // media loop

    /**
     * @param port the probe's socket the path was found on
     * @param media the call's media loop: where the handler runs
     */
    Hard(
        DatagramPort port,
        Executor media,
        IceCandidate local,
        IceCandidate remote,
        InetSocketAddress peer) {
      super(local, remote, peer);
      this.port = port;
      this.media = media;
    }

    DatagramPort port() {
      return port;
    }

    /** Datagrams dropped because {@link #MAX_IN_FLIGHT} waited for the media loop. */
    long dropped() {
      return dropped.sum();
    }

    /** A non-STUN datagram on the socket, on the probe's loop: handed to the media loop. */
    void onMedia(byte[] data, int offset, int length, InetSocketAddress from) {
      if (from.getPort() != peer().getPort() || !from.getAddress().equals(peer().getAddress())) {
        return;
      }
      if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
        inFlight.decrementAndGet();
        dropped.increment();
        return;
      }
      byte[] copy = Arrays.copyOfRange(data, offset, offset + length); // data is reused
      if (!onLoop(() -> deliver(copy))) {
        inFlight.decrementAndGet();
      }
    }

    private void deliver(byte[] d) {
      inFlight.decrementAndGet();
      if (handler != null) {
        handler.onDatagram(d, 0, d.length);
      } else {
        if (early.size() == HostPort.PENDING) {
          early.poll();
        }
        early.add(d);
      }
    }

    @Override
    void send(byte[] data, int offset, int length) {
      port.send(data, offset, length, peer());
    }

    @Override
    void attach(DatagramHandler h) {
      onLoop(
          () -> {
            handler = h;
            for (byte[] d; (d = early.poll()) != null; ) {
              h.onDatagram(d, 0, d.length);
            }
          });
    }

    @Override
    void close() {
      onLoop(
          () -> {
            handler = null;
            early.clear();
          });
      port.close();
    }

    private boolean onLoop(Runnable task) {
      try {
        media.execute(task);
        return true;
      } catch (RejectedExecutionException e) {
        return false; // the loop is shut down: nothing more arrives
      }
    }
  }
}
