package io.peervoice.nat.internal;

import io.peervoice.nat.IceCandidate;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;

/**
 * A media path over a plain UDP socket: the loopback fallback. Datagrams from any address but the
 * peer's are dropped.
 */
final class UdpMediaPath extends BaseMediaPath {
  private final DatagramSocket socket;
  private final InetSocketAddress peer;

  UdpMediaPath(
      DatagramSocket socket,
      IceCandidate local,
      IceCandidate remote,
      long connectNanos,
      ThreadFactory ioThreads,
      java.util.concurrent.Executor events) {
    super(local, remote, connectNanos, ioThreads, events);
    this.socket = socket;
    this.peer = new InetSocketAddress(remote.address(), remote.port());
  }

  @Override
  ReceiveLoop.Receiver receiver() {
    return packet -> {
      do {
        packet.setLength(packet.getData().length);
        socket.receive(packet);
      } while (!peer.equals(packet.getSocketAddress()));
    };
  }

  @Override
  public void send(byte[] data, int offset, int length) throws IOException {
    socket.send(new DatagramPacket(data, offset, length, peer));
  }

  @Override
  public boolean loopbackFallback() {
    return true;
  }

  @Override
  public void close() {
    stopReceiving();
    updateState(io.peervoice.nat.PathState.CLOSED);
    socket.close();
  }
}
