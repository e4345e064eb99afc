package io.peervoice.nat.internal;

import io.peervoice.nat.IceConfig;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RelayedCandidate;

/**
 * The media path for the pair ICE selected: on the call's media loop ({@link LoopMediaPath}) when
 * the local candidate is ours (host, or reflexive on a host port), with our own STUN on its port
 * ({@link DirectConsent}) so that the ice4j agent can be freed; through ice4j's relayed socket
 * ({@link Ice4jMediaPath}, ice4j's consent) when it is a TURN relay's.
 */
final class SelectedPaths {
  private SelectedPaths() {}

  /** The host port a pair's local candidate sends and receives on, unless it is relayed. */
  static Optional<HostPort> portOf(CandidatePair pair, Iterable<HostPort> ports) {
    LocalCandidate local = pair.getLocalCandidate();
    if (local instanceof RelayedCandidate) {
      return Optional.empty();
    }
    LocalCandidate base = local.getBase() == null ? local : local.getBase();
    InetSocketAddress address = base.getTransportAddress();
    for (HostPort port : ports) {
      InetSocketAddress bound = port.localAddress();
      if (bound.getPort() == address.getPort() && bound.getAddress().equals(address.getAddress())) {
        return Optional.of(port);
      }
    }
    return Optional.empty();
  }

  /**
   * For one of ice4j's UDP relays, its TURN server's round trip as {@link UdpRelayPing} measures it
   * from now on until the path closes (the server whose address is the relay's, else the first UDP
   * one configured); empty for anything else.
   */
  static Optional<UdpRelayPing> udpRelayRoundTrip(
      IceConfig config, LocalCandidate local, java.util.List<HostPort> ports) {
    if (!(local instanceof RelayedCandidate) || local instanceof StreamRelayedCandidate) {
      return Optional.empty();
    }
    java.net.InetAddress relay = local.getTransportAddress().getAddress();
    InetSocketAddress server = null;
    for (io.peervoice.nat.TurnServer t : config.turnServers()) {
      if (t.transport() != io.peervoice.nat.TurnServer.Transport.UDP) {
        continue;
      }
      InetSocketAddress a = new InetSocketAddress(t.host(), t.port()); // ice4j looked it up
      if (a.isUnresolved()) {
        continue;
      }
      if (server == null || a.getAddress().equals(relay)) {
        server = a;
      }
    }
    if (server == null) {
      return Optional.empty();
    }
    InetSocketAddress to = server;
    return UdpRelayPing.portFor(ports, to)
        .map(p -> UdpRelayPing.start(p, to, System::nanoTime, new java.security.SecureRandom()));
  }

  /**
   * @param closer closes the ICE session
   */
  static BaseMediaPath create(
      Ice4jAgentSetup ice,
      IceConfig config,
      CandidatePair pair,
      long connectNanos,
      ThreadFactory ioThreads,
      ScheduledExecutorService scheduler,
      Runnable closer) {
    Optional<HostPort> port = portOf(pair, ice.hosts().ports());
    if (port.isEmpty()) {
      ConsentMonitor monitor =
          new ConsentMonitor(config.consentDisconnectAfter(), config.consentFailAfter());
      return new Ice4jMediaPath(
          ice.component(),
          pair,
          connectNanos,
          ioThreads,
          scheduler,
          monitor,
          closer,
          udpRelayRoundTrip(config, pair.getLocalCandidate(), ice.hosts().ports()));
    }
    return new LoopMediaPath(
        port.get(),
        Candidates.toRecord(pair.getLocalCandidate()),
        Candidates.toRecord(pair.getRemoteCandidate()),
        pair.getRemoteCandidate().getTransportAddress(),
        connectNanos,
        scheduler,
        states -> DirectConsent.start(ice.agent(), pair, port.get(), config, states),
        closer);
  }
}
