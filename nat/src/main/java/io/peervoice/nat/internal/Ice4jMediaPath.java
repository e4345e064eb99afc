package io.peervoice.nat.internal;

import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.MediaPath;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.socket.IceSocketWrapper;

/** The selected pair of an ice4j component as a {@link MediaPath}. */
final class Ice4jMediaPath implements MediaPath {
  private final Component component;
  private final IceSocketWrapper socket;
  private final IceCandidate local;
  private final IceCandidate remote;
  private final Duration connectDuration;
  private final ThreadFactory ioThreads;
  private ReceiveLoop loop;
  private Runnable closer = () -> {};

  Ice4jMediaPath(
      Component component, CandidatePair pair, long connectNanos, ThreadFactory ioThreads) {
    this.component = component;
    this.socket = pair.getIceSocketWrapper();
    this.local = Candidates.toRecord(pair.getLocalCandidate());
    this.remote = Candidates.toRecord(pair.getRemoteCandidate());
    this.connectDuration = Duration.ofNanos(connectNanos);
    this.ioThreads = ioThreads;
  }

  void setCloser(Runnable closer) {
    this.closer = closer;
  }

  @Override
  public void send(byte[] data, int offset, int length) throws IOException {
    component.send(data, offset, length);
  }

  @Override
  public synchronized void startReceiving(DatagramHandler handler) {
    if (loop != null) {
      throw new IllegalStateException("already receiving");
    }
    loop = new ReceiveLoop(ioThreads, "peervoice-ice-rx-" + local.port(), socket::receive, handler);
    loop.start();
  }

  synchronized void stopReceiving() {
    if (loop != null) {
      loop.stop();
    }
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
    return false;
  }

  @Override
  public void close() {
    stopReceiving();
    closer.run();
  }
}
