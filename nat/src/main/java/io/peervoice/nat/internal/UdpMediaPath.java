package io.peervoice.nat.internal;

import io.peervoice.nat.IceCandidate;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;

/**
 * A media path over a plain UDP socket: the loopback fallback. Datagrams from any address but the
 * peer's are dropped and counted.
 */
final class UdpMediaPath extends ThreadedMediaPath {
  private final DatagramSocket socket;
  private final InetSocketAddress peer;

  UdpMediaPath(
      DatagramSocket socket,
      IceCandidate local,
      IceCandidate remote,
      long connectNanos,
      ThreadFactory ioThreads,
      java.util.concurrent.Executor events) {
    this(
        socket,
        new InetSocketAddress(remote.address(), remote.port()),
        local,
        remote,
        connectNanos,
        ioThreads,
        events);
  }

  private UdpMediaPath(
      DatagramSocket socket,
      InetSocketAddress peer,
      IceCandidate local,
      IceCandidate remote,
      long connectNanos,
      ThreadFactory ioThreads,
      java.util.concurrent.Executor events) {
    super(local, remote, connectNanos, SourceFilter.of(peer), ioThreads, events);
    this.socket = socket;
    this.peer = peer;
  }

  @Override
  ReceiveLoop.Receiver receiver() {
    return socket::receive;
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
