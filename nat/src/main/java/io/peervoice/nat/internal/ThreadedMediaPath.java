package io.peervoice.nat.internal;

import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceCandidate;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/** A media path read by a blocking {@link ReceiveLoop} thread of its own. */
abstract class ThreadedMediaPath extends BaseMediaPath {
  private final ThreadFactory ioThreads;
  private ReceiveLoop loop;

  ThreadedMediaPath(
      IceCandidate local,
      IceCandidate remote,
      long connectNanos,
      SourceFilter sources,
      ThreadFactory ioThreads,
      Executor events) {
    super(local, remote, connectNanos, sources, events);
    this.ioThreads = ioThreads;
  }

  /** The blocking receive of this path's socket. */
  abstract ReceiveLoop.Receiver receiver();

  @Override
  final synchronized void beginReceiving(DatagramHandler handler, SourceFilter sources) {
    loop =
        new ReceiveLoop(
            ioThreads, "peervoice-rx-" + localCandidate().port(), receiver(), sources, handler);
    loop.start();
  }

  @Override
  final synchronized void stopReceiving() {
    if (loop != null) {
      loop.stop();
    }
  }
}
