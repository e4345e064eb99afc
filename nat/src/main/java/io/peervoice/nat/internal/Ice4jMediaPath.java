package io.peervoice.nat.internal;

import io.peervoice.nat.PathState;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.socket.IceSocketWrapper;

/**
 * The selected pair of an ice4j component as a media path, for a pair whose local candidate is
 * relayed (TURN): reads from the pair's socket (STUN is filtered out by ice4j, and kept by it in a
 * bounded buffer until this path reads) and admits only datagrams from the pair's remote address;
 * the receive thread ends when the agent frees its sockets. Its state follows the pair's consent
 * freshness ({@link PairConsent}).
 */
final class Ice4jMediaPath extends ThreadedMediaPath {
  private final Component component;
  private final IceSocketWrapper socket;
  private final Runnable closer;
  private final PairConsent consent;
  private final java.util.Optional<io.peervoice.nat.TurnServer.Transport> relayTransport;
  private final org.ice4j.ice.LocalCandidate local;
  private final java.util.Optional<UdpRelayPing> udpRelayPing;

  Ice4jMediaPath(
      Component component,
      CandidatePair pair,
      long connectNanos,
      ThreadFactory ioThreads,
      ScheduledExecutorService scheduler,
      ConsentMonitor consent,
      Runnable closer,
      java.util.Optional<UdpRelayPing> udpRelayPing) {
    super(
        Candidates.toRecord(pair.getLocalCandidate()),
        Candidates.toRecord(pair.getRemoteCandidate()),
        connectNanos,
        SourceFilter.of(pair.getRemoteCandidate().getTransportAddress()),
        ioThreads,
        scheduler);
    this.component = component;
    this.socket = pair.getIceSocketWrapper();
    this.closer = closer;
    this.consent = new PairConsent(pair, scheduler, consent, this::updateState);
    this.relayTransport = relayTransportOf(pair.getLocalCandidate());
    this.local = pair.getLocalCandidate();
    this.udpRelayPing = udpRelayPing;
  }

  /** UDP for ice4j's relays, TCP or TLS for ours, empty for anything else. */
  static java.util.Optional<io.peervoice.nat.TurnServer.Transport> relayTransportOf(
      org.ice4j.ice.LocalCandidate local) {
    if (local instanceof StreamRelayedCandidate stream) {
      return java.util.Optional.of(stream.relayTransport());
    }
    if (local instanceof org.ice4j.ice.RelayedCandidate) {
      return java.util.Optional.of(io.peervoice.nat.TurnServer.Transport.UDP);
    }
    return java.util.Optional.empty();
  }

  @Override
  public java.util.Optional<io.peervoice.nat.TurnServer.Transport> relayTransport() {
    return relayTransport;
  }

  /**
   * Our stream relays time their requests; for ice4j's UDP relays, which do not say, {@link
   * UdpRelayPing} times Binding requests to the server.
   */
  @Override
  public java.util.Optional<java.time.Duration> relayRoundTrip() {
    return local instanceof StreamRelayedCandidate stream
        ? stream.relayRoundTrip()
        : udpRelayPing.flatMap(UdpRelayPing::least);
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

  /** Stops consent checks and the relay's round-trip pings. */
  @Override
  void stopConsent() {
    consent.stop();
    udpRelayPing.ifPresent(UdpRelayPing::close);
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
