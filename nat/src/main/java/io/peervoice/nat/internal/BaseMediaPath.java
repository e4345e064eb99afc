package io.peervoice.nat.internal;

import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.MediaPath;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/** What every media path shares: the selected pair's description and one receive loop. */
abstract class BaseMediaPath implements MediaPath {
  private final IceCandidate local;
  private final IceCandidate remote;
  private final Duration connectDuration;
  private final ThreadFactory ioThreads;
  private ReceiveLoop loop;

  BaseMediaPath(
      IceCandidate local, IceCandidate remote, long connectNanos, ThreadFactory ioThreads) {
    this.local = local;
    this.remote = remote;
    this.connectDuration = Duration.ofNanos(connectNanos);
    this.ioThreads = ioThreads;
  }

  /** The blocking receive of this path's socket. */
  abstract ReceiveLoop.Receiver receiver();

  @Override
  public synchronized void startReceiving(DatagramHandler handler) {
    if (loop != null) {
      throw new IllegalStateException("already receiving");
    }
    loop = new ReceiveLoop(ioThreads, "peervoice-rx-" + local.port(), receiver(), handler);
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
}
