package io.peervoice.nat;

import java.io.IOException;
import java.time.Duration;

/**
 * The network path ICE selected for a call's media: datagrams out through the nominated pair,
 * datagrams in from it (STUN already filtered out).
 */
public interface MediaPath extends AutoCloseable {

  void send(byte[] data, int offset, int length) throws IOException;

  /**
   * Starts delivering received datagrams to {@code handler} on a dedicated thread, until close.
   *
   * @throws IllegalStateException if already started
   */
  void startReceiving(DatagramHandler handler);

  /** The path's state from consent freshness; a loopback fallback path is always connected. */
  PathState state();

  /**
   * Tells {@code listener} of each state change, on the session's scheduler.
   *
   * @throws IllegalStateException if a listener is already set
   */
  void onStateChange(java.util.function.Consumer<PathState> listener);

  /** The local end of the selected pair. */
  IceCandidate localCandidate();

  /** The remote end of the selected pair. */
  IceCandidate remoteCandidate();

  /** From the start of connectivity checks to the nominated pair. */
  Duration connectDuration();

  /** How long each phase of ICE took for this path. */
  IceTimings timings();

  /**
   * {@code true} when the machine had no usable non-loopback interface and the path is a plain UDP
   * socket on 127.0.0.1 instead of ICE (see {@link IceConfig#loopbackFallback()}).
   */
  boolean loopbackFallback();

  @Override
  void close();
}
