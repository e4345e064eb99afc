package io.peervoice.nat.internal;

import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.MediaPath;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/** A media path over a plain UDP socket: the loopback fallback. */
final class UdpMediaPath implements MediaPath {
  private final DatagramSocket socket;
  private final InetSocketAddress peer;
  private final IceCandidate local;
  private final IceCandidate remote;
  private final Duration connectDuration;
  private final ThreadFactory ioThreads;
  private ReceiveLoop loop;

  UdpMediaPath(
      DatagramSocket socket,
      IceCandidate local,
      IceCandidate remote,
      long connectNanos,
      ThreadFactory ioThreads) {
    this.socket = socket;
    this.peer = new InetSocketAddress(remote.address(), remote.port());
    this.local = local;
    this.remote = remote;
    this.connectDuration = Duration.ofNanos(connectNanos);
    this.ioThreads = ioThreads;
  }

  @Override
  public void send(byte[] data, int offset, int length) throws IOException {
    socket.send(new DatagramPacket(data, offset, length, peer));
  }

  @Override
  public synchronized void startReceiving(DatagramHandler handler) {
    if (loop != null) {
      throw new IllegalStateException("already receiving");
    }
    loop =
        new ReceiveLoop(
            ioThreads,
            "peervoice-udp-rx-" + local.port(),
            packet -> {
              socket.receive(packet);
              if (!peer.equals(packet.getSocketAddress())) {
                packet.setLength(0);
              }
            },
            (data, off, len) -> {
              if (len > 0) {
                handler.onDatagram(data, off, len);
              }
            });
    loop.start();
  }

  @Override
  public IceCandidate localCandidate() {
    return local;
  }

  @Override
  public IceCandidate remoteCandidate() {
    return remote;
  }

  @Override
  public Duration connectDuration() {
    return connectDuration;
  }

  @Override
  public boolean loopbackFallback() {
    return true;
  }

  @Override
  public synchronized void close() {
    if (loop != null) {
      loop.stop();
    }
    socket.close();
  }
}
