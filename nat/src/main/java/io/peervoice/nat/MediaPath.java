package io.peervoice.nat;

import java.io.IOException;
import java.time.Duration;

/**
 * The network path ICE selected for a call's media: datagrams out through the nominated pair,
 * datagrams in from it (STUN already filtered out). Only the selected remote address is admitted
 * (RFC 8445 <a href="https://www.rfc-editor.org/rfc/rfc8445#section-11">§11</a>: media goes over
 * the selected pair); datagrams from any other source are dropped before they reach the handler, so
 * a forged packet never costs SRTP work, and are counted in {@link #droppedForeignSource()}. Before
 * a pair is selected only STUN is processed.
 */
public interface MediaPath extends AutoCloseable {

  void send(byte[] data, int offset, int length) throws IOException;

  /**
   * Starts delivering received datagrams to {@code handler} until close. On a path over one of our
   * own ports (host, server- or peer-reflexive local candidate) the handler runs on the call's
   * media loop thread, straight from the socket: it must not block, and {@code data} is reused
   * after it returns. On a path through our TURN relay, and on the loopback fallback, it runs on a
   * receive thread of the path's own. Datagrams that arrived after ICE selected the pair but before
   * this call (up to a few dozen) are handed on first.
   *
   * @throws IllegalStateException if already started
   */
  void startReceiving(DatagramHandler handler);

  /**
   * Datagrams dropped because they came from an address other than the selected remote candidate's
   * (for a relayed pair: the relay's, or the peer's as our relay reports it).
   */
  long droppedForeignSource();

  /**
   * Datagrams this path dropped before they reached the network: the port was closed, or the
   * socket's buffer or the send queue was full (sends never block). 0 where not counted (a path
   * through a TURN relay, the loopback fallback).
   */
  default long sendDropped() {
    return 0;
  }

  /**
   * Datagrams that reached the path's port but were dropped for want of room: media that arrived
   * before {@link #startReceiving} beyond the few kept, or STUN that the ICE agent's reader had no
   * room for. 0 where not counted (a path through a TURN relay, the loopback fallback).
   */
  default long receiveDropped() {
    return 0;
  }

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

  /**
   * For a path whose local candidate is a TURN relay of ours, how this side reaches the relay
   * server ({@link TurnServer.Transport#label()}: {@code udp}, {@code tcp} or {@code tls}, for
   * reports); empty for a path from our own port (host or reflexive), even when the peer's end is a
   * relay.
   */
  default java.util.Optional<TurnServer.Transport> relayTransport() {
    return java.util.Optional.empty();
  }

  /**
   * For a path whose local candidate is a TURN relay of ours, the round trip between this side and
   * the TURN server as the TURN client measured it (the least from a request to its response, e.g.
   * a Refresh or ChannelBind); empty when not relayed or not measured. Call reports show it as the
   * delay the relay adds ({@code ice.relay_rtt_ms}).
   */
  default java.util.Optional<Duration> relayRoundTrip() {
    return java.util.Optional.empty();
  }

  /**
   * Gaps over {@link PathStalls#THRESHOLD_MILLIS} between datagrams from the peer on this path
   * (reports: {@code network.stalls}, {@code network.stall_ms_max}, {@code
   * network.stall_ms_total}).
   */
  default PathStalls stalls() {
    return PathStalls.NONE;
  }

  /**
   * What port prediction did for this path ({@link IceConfig#portPredictionPorts()}); empty when it
   * is off.
   */
  default java.util.Optional<PortPredictionReport> portPrediction() {
    return java.util.Optional.empty();
  }

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
