package io.peervoice.nat.internal;

import java.io.IOException;
import java.util.concurrent.ThreadFactory;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.socket.IceSocketWrapper;

/**
 * The selected pair of an ice4j component as a media path. Reads from the pair's socket (STUN is
 * filtered out by ice4j); the receive thread ends when the agent frees its sockets.
 */
final class Ice4jMediaPath extends BaseMediaPath {
  private final Component component;
  private final IceSocketWrapper socket;
  private final Runnable closer;

  Ice4jMediaPath(
      Component component,
      CandidatePair pair,
      long connectNanos,
      ThreadFactory ioThreads,
      Runnable closer) {
    super(
        Candidates.toRecord(pair.getLocalCandidate()),
        Candidates.toRecord(pair.getRemoteCandidate()),
        connectNanos,
        ioThreads);
    this.component = component;
    this.socket = pair.getIceSocketWrapper();
    this.closer = closer;
  }

  @Override
  ReceiveLoop.Receiver receiver() {
    return socket::receive;
  }

  @Override
  public void send(byte[] data, int offset, int length) throws IOException {
    component.send(data, offset, length);
  }

  @Override
  public boolean loopbackFallback() {
    return false;
  }

  /** Closes the ICE session this path belongs to. */
  @Override
  public void close() {
    stopReceiving();
    closer.run();
  }
}
