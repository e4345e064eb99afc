package io.peervoice.nat.internal;

import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.PathState;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A selected pair whose local candidate is ours (host, server- or peer-reflexive) as a media path
 * on the call's media loop: received media is handed to the handler on the loop thread straight
 * from the port (no thread hand-off, no ice4j in between), from the selected remote address only;
 * sends go out through the port. STUN on the port goes elsewhere ({@link HostPort}).
 */
final class LoopMediaPath extends BaseMediaPath {
  private final HostPort port;
  private final InetSocketAddress remoteAddress;
  private final Runnable stopConsent;
  private final Runnable closer;

  /**
   * @param consent starts watching the pair's consent, telling the given state consumer; returns
   *     what stops it
   * @param closer closes the ICE session this path belongs to
   */
  LoopMediaPath(
      HostPort port,
      IceCandidate local,
      IceCandidate remote,
      InetSocketAddress remoteAddress,
      long connectNanos,
      Executor events,
      Function<Consumer<PathState>, Runnable> consent,
      Runnable closer) {
    super(local, remote, connectNanos, SourceFilter.of(remoteAddress), events);
    this.port = port;
    this.remoteAddress = new InetSocketAddress(remoteAddress.getAddress(), remoteAddress.getPort());
    this.closer = closer;
    this.stopConsent = consent.apply(this::updateState);
  }

  /** The port this path sends and receives on. */
  HostPort port() {
    return port;
  }

  /** The handler runs on the media loop's thread. */
  @Override
  void beginReceiving(DatagramHandler handler, SourceFilter sources) {
    port.attachMedia(sources, handler);
  }

  @Override
  void stopReceiving() {
    port.detachMedia();
  }

  /** Never blocks: on the loop it is written at once, from elsewhere queued to the loop. */
  @Override
  public void send(byte[] data, int offset, int length) {
    port.send(data, offset, length, remoteAddress);
  }

  @Override
  public long sendDropped() {
    return port.sendDropped();
  }

  @Override
  public long receiveDropped() {
    return port.dropped();
  }

  @Override
  public boolean loopbackFallback() {
    return false;
  }

  @Override
  void stopConsent() {
    stopConsent.run();
  }

  /** Closes the ICE session this path belongs to. */
  @Override
  public void close() {
    stopConsent();
    stopReceiving();
    updateState(PathState.CLOSED);
    closer.run();
  }
}
