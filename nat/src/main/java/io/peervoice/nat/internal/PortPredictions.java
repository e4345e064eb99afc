package io.peervoice.nat.internal;

import io.peervoice.nat.CandidateType;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.PortPredictionReport;
import io.peervoice.nat.internal.stun.IceCredentials;
import io.peervoice.nat.internal.stun.ProbeStun;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ice4j.ice.LocalCandidate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port prediction beside one ice4j session ({@link IceConfig#portPredictionPorts()}): prepares a
 * probe when the session connects, sends its burst only once the call is answered ({@link
 * #answered()}) and the process's {@link ProbeBudget} allows one toward the peer's network, and
 * puts its result on the path ICE selects: a relayed path becomes a {@link PredictedPath}, a direct
 * one stops the probe. Before the answer the peer is only ringing: it names the address a burst
 * goes to, and a burst then would let any contact aim our datagrams at an address of its choosing
 * by calling us. Which roles this side plays: easy when it has a reflexive candidate on one of its
 * ICE ports (the peer may spray at it), hard too unless that candidate kept its port (a NAT that
 * keeps ports maps per endpoint in practice; a symmetric one rarely keeps it). The burst runs on
 * the process's {@link ProbeLoop}, never on the call's media loop: media starts at once on the
 * selected path. Thread-safe.
 */
final class PortPredictions {
  private static final Logger log = LoggerFactory.getLogger(PortPredictions.class);

  /** How long a burst waits for a hit: the lab's hits came within 40 ms of the burst's start. */
  static final Duration WINDOW = Duration.ofSeconds(3);

  /** Makes the probe for the peer's signed description, sending nothing yet; empty if none. */
  @FunctionalInterface
  interface Preparer {
    Optional<PortPredictionProbe> prepare(IceParameters remote);
  }

  private final Preparer preparer;
  private final ProbeBudget budget;
  private PortPredictionProbe probe; // guarded by this; null: none (yet)
  private boolean answered; // guarded by this
  private boolean started; // guarded by this: the burst was asked for (sent, or refused)
  private boolean closed; // guarded by this

  PortPredictions(Preparer preparer, ProbeBudget budget) {
    this.preparer = preparer;
    this.budget = budget;
  }

  /** For an ice4j session: nothing unless {@link #wanted} by {@code config}. */
  static PortPredictions of(IceConfig config, Ice4jAgentSetup ice) {
    Preparer preparer =
        wanted(config) ? remote -> prepare(config, ice, remote) : remote -> Optional.empty();
    return new PortPredictions(preparer, ProbeBudget.PROCESS);
  }

  /** The session connects to the peer's signed description: the probe is made, not started. */
  synchronized void connecting(IceParameters remote) {
    if (!closed && probe == null) {
      probe = preparer.prepare(remote).orElse(null);
      maybeStart();
    }
  }

  /** The call was answered: the burst may go (once), before or after ICE selected a path. */
  synchronized void answered() {
    answered = true;
    maybeStart();
  }

  private void maybeStart() {
    if (!answered || started || closed || probe == null) {
      return;
    }
    started = true;
    if (!budget.tryTake(probe.destination())) {
      log.info(
          "port prediction skipped: {} bursts a minute, one per network, already sent",
          ProbeBudget.BURSTS);
      return;
    }
    probe.start();
  }

  /**
   * The path to hand on: one with a relayed end (ours or the peer's) with the probe beside it, a
   * direct one as it is (the probe stops, never having sent if the call was not answered yet).
   */
  synchronized io.peervoice.nat.MediaPath onSelected(BaseMediaPath selected) {
    if (probe == null) {
      return selected;
    }
    boolean relayed =
        selected.localCandidate().type() == CandidateType.RELAYED
            || selected.remoteCandidate().type() == CandidateType.RELAYED;
    if (!relayed || selected.loopbackFallback()) {
      close();
      PortPredictionReport done = probe.report();
      selected.setPortPrediction(() -> done);
      return selected;
    }
    return new PredictedPath(selected, probe);
  }

  /** Stops the probe and closes its sockets (ICE failed, or the session closes); idempotent. */
  synchronized void close() {
    closed = true;
    if (probe != null) {
      probe.close();
    }
  }

  /**
   * Makes a probe toward the peer's reflexive candidate in {@code remote} (its signed description),
   * or returns empty: no reflexive candidate at either end, or no host port.
   */
  private static Optional<PortPredictionProbe> prepare(
      IceConfig config, Ice4jAgentSetup ice, IceParameters remote) {
    if (ice.hosts().ports().isEmpty()) {
      return Optional.empty();
    }
    LocalCandidate srflx = null;
    for (LocalCandidate c : ice.component().getLocalCandidates()) {
      if (c.getType() == org.ice4j.ice.CandidateType.SERVER_REFLEXIVE_CANDIDATE) {
        srflx = c;
        break;
      }
    }
    Optional<IceCandidate> peer = remoteReflexive(remote.candidates(), srflx);
    if (peer.isEmpty()) {
      log.debug("port prediction: the peer offered no reflexive candidate");
      return Optional.empty();
    }
    HostPort easy = srflx == null ? null : hostPortOf(srflx, ice.hosts().ports()).orElse(null);
    HostPort any = easy != null ? easy : ice.hosts().ports().get(0);
    boolean hard =
        easy == null || srflx.getTransportAddress().getPort() != easy.localAddress().getPort();
    ProbePlan plan =
        new ProbePlan(
            config.portPredictionPorts(),
            easy,
            easy == null ? null : Candidates.toRecord(srflx),
            hard ? any.localAddress().getAddress() : null,
            peer.get(),
            WINDOW,
            DirectConsent.interval(config),
            config.consentFailAfter());
    SecureRandom random = new SecureRandom();
    ProbeStun stun =
        new ProbeStun(
            new IceCredentials(
                ice.agent().getLocalUfrag(),
                ice.agent().getLocalPassword(),
                remote.ufrag(),
                remote.password()),
            random,
            2 * config.portPredictionPorts() + 16);
    log.debug(
        "port prediction toward {}:{}: easy={}, hard={}, {} ports",
        peer.get().address(),
        peer.get().port(),
        easy != null,
        hard,
        config.portPredictionPorts());
    return Optional.of(
        new PortPredictionProbe(
            plan, ProbeLoop.shared(), any.loop(), stun, random, System::currentTimeMillis));
  }

  /**
   * Whether a burst may go at all: on, and not relay-only. A relay-only session (the privacy
   * setting, and what a stranger's call rings with until and after the answer) offers no address of
   * ours; a burst from our host ports straight to the peer would show it our public address.
   */
  static boolean wanted(IceConfig config) {
    return config.portPredictionPorts() > 0 && !config.relayOnly();
  }

  /** The peer's first reflexive candidate of our reflexive candidate's family (IPv4 if none). */
  static Optional<IceCandidate> remoteReflexive(
      List<IceCandidate> candidates, LocalCandidate ours) {
    boolean v6 =
        ours != null && ours.getTransportAddress().getAddress() instanceof java.net.Inet6Address;
    for (IceCandidate c : candidates) {
      if (c.component() == 1 && c.type() == CandidateType.SERVER_REFLEXIVE) {
        try {
          InetAddress a = InetAddress.getByName(c.address()); // a literal: no lookup
          if ((a instanceof java.net.Inet6Address) == v6
              && !a.isAnyLocalAddress()
              && !a.isLoopbackAddress()
              && !a.isMulticastAddress()) {
            return Optional.of(c);
          }
        } catch (UnknownHostException e) {
          // not a literal: not usable
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<HostPort> hostPortOf(LocalCandidate srflx, List<HostPort> ports) {
    LocalCandidate base = srflx.getBase() == null ? srflx : srflx.getBase();
    InetSocketAddress address = base.getTransportAddress();
    for (HostPort port : ports) {
      InetSocketAddress bound = port.localAddress();
      if (bound.getPort() == address.getPort() && bound.getAddress().equals(address.getAddress())) {
        return Optional.of(port);
      }
    }
    return Optional.empty();
  }
}
