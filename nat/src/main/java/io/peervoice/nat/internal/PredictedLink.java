package io.peervoice.nat.internal;

import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceCandidate;
import io.peervoice.natives.DatagramPort;
import java.net.InetSocketAddress;

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

  /** Hands media from {@link #peer()} to {@code handler}, on the media loop's thread. */
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
   * Over one of the probe's sockets: the peer's probe reached it through our NAT. Media that comes
   * before a handler is attached (the peer may take the path first) waits, the last {@value
   * HostPort#PENDING} datagrams, as on a host port.
   */
  static final class Hard extends PredictedLink {
    private final DatagramPort port;
    private final java.util.concurrent.Executor loop;
    private final java.util.ArrayDeque<byte[]> early = new java.util.ArrayDeque<>(); // loop thread
    private DatagramHandler handler; // loop thread

    Hard(
        DatagramPort port,
        java.util.concurrent.Executor loop,
        IceCandidate local,
        IceCandidate remote,
        InetSocketAddress peer) {
      super(local, remote, peer);
      this.port = port;
      this.loop = loop;
    }

    DatagramPort port() {
      return port;
    }

    /** A non-STUN datagram on the socket, on the loop thread. */
    void onMedia(byte[] data, int offset, int length, InetSocketAddress from) {
      if (from.getPort() != peer().getPort() || !from.getAddress().equals(peer().getAddress())) {
        return;
      }
      if (handler != null) {
        handler.onDatagram(data, offset, length);
      } else {
        if (early.size() == HostPort.PENDING) {
          early.poll();
        }
        early.add(java.util.Arrays.copyOfRange(data, offset, offset + length));
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

    private void onLoop(Runnable task) {
      try {
        loop.execute(task);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // the loop is shut down: nothing more arrives
      }
    }
  }
}
