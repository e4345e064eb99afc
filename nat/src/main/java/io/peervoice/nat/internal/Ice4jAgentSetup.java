package io.peervoice.nat.internal;

import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceException;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceStep;
import io.peervoice.nat.StunServer;
import io.peervoice.nat.TurnServer;
import io.peervoice.natives.MediaLoop;
import java.io.IOException;
import java.net.DatagramSocket;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.NominationStrategy;
import org.ice4j.ice.harvest.StunCandidateHarvester;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.security.LongTermCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ice4j agent for one ICE session, set up the way PeerVoice runs ICE: trickle, consent
 * freshness, the first valid direct pair nominated (relayed pairs by priority after a grace period:
 * {@link RelayGraceNominator}), checks paced by {@link #pacing}, one RTP component whose host
 * candidates are bound on the call's media loop ({@link LoopHostHarvester}), STUN and TURN
 * harvesters for the configured servers.
 *
 * @param hosts the host candidates' ports
 * @param hostGatheringMillis how long binding the host candidates took
 * @param streamRelays the harvesters of TURN servers reached over TCP or TLS (our client)
 * @param nominator nominates while the agent is controlling (attached whatever the starting role)
 */
record Ice4jAgentSetup(
    Agent agent,
    IceMediaStream stream,
    Component component,
    LoopHostHarvester hosts,
    long hostGatheringMillis,
    List<StreamRelayHarvester> streamRelays,
    RelayGraceNominator<org.ice4j.ice.CandidatePair> nominator) {
  private static final Logger log = LoggerFactory.getLogger(Ice4jAgentSetup.class);

  /**
   * The Ta a freed agent gets, negative: its connectivity-check pacers stop at their next beat
   * instead of running forever. ice4j's {@code PeriodicRunnable} re-arms itself when {@code
   * cancel()} comes while one of its runs is under way (the cancel clears the run's future, and the
   * run's end then schedules the next as if never cancelled), and ice4j cancels a check list's
   * pacers when its agent terminates (here at once on completion: termination delay 0) or is freed,
   * while they may still be pacing checks every Ta (a controlled agent completing on the peer's
   * nomination while its own checks run). A pacer so revived is no longer in its agent's list, so
   * nothing cancels it again: it woke ice4j's timer and executor threads every 5 ms until the
   * process ended, about one pacer per ten calls under load (seen as ~360 wake-ups/s of ice4j's
   * threads in a 10-call {@code bench calls} callee). A pacer's delay is Ta times the active check
   * lists, and a negative delay ends it for good, so whichever of its runs comes last stops it.
   */
  static final long STOP_PACING = -1_000L;

  /**
   * @throws IceException with {@link IceStep#GATHERING} if no host candidate could be bound
   */
  static Ice4jAgentSetup create(IceConfig config, IceRole role, MediaLoop loop)
      throws IceException {
    Ice4jRuntime.ensureConfigured();
    Agent agent = new Agent();
    long gatherStart = System.nanoTime();
    LoopHostHarvester hosts =
        new LoopHostHarvester(
            loop, config.portRange(), bound -> ThreadLocalRandom.current().nextInt(bound));
    try {
      agent.setControlling(role == IceRole.CONTROLLING);
      agent.setTrickling(true);
      agent.setPerformConsentFreshness(true);
      agent.setUseDynamicPorts(false);
      boolean hostless = streamRelayOnly(config);
      if (!hostless) {
        agent.addCandidateHarvester(hosts);
      }
      agent.setTa(pacing(config));
      // the controlling side nominates itself: relayed pairs by priority after a grace period
      agent.setNominationStrategy(NominationStrategy.NONE);
      for (StunServer stun : config.stunServers()) {
        agent.addCandidateHarvester(
            new StunCandidateHarvester(
                new TransportAddress(stun.host(), stun.port(), Transport.UDP)));
      }
      List<StreamRelayHarvester> streamRelays = new java.util.ArrayList<>();
      for (TurnServer turn : config.turnServers()) {
        if (turn.transport() != TurnServer.Transport.UDP) {
          StreamRelayHarvester h =
              new StreamRelayHarvester(loop, turn, config.turnTrust().orElse(null));
          streamRelays.add(h);
          agent.addCandidateHarvester(h);
          continue;
        }
        agent.addCandidateHarvester(
            new TurnCandidateHarvester(
                new TransportAddress(turn.host(), turn.port(), Transport.UDP),
                new LongTermCredential(turn.username(), turn.password())));
      }
      IceMediaStream stream = agent.createMediaStream("audio");
      Component component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
      // attached whatever the role: a 487 role conflict may make a controlled agent controlling
      RelayGraceNominator<org.ice4j.ice.CandidatePair> nominator =
          nominateByPriority(agent, stream, loop.executor());
      if (hosts.ports().isEmpty() && !hostless) {
        throw new IOException(
            "Failed to bind even a single host candidate"
                + hosts.lastFailure().map(e -> ": " + e.getMessage()).orElse(""),
            hosts.lastFailure().orElse(null));
      }
      return new Ice4jAgentSetup(
          agent,
          stream,
          component,
          hosts,
          (System.nanoTime() - gatherStart) / 1_000_000,
          List.copyOf(streamRelays),
          nominator);
    } catch (IOException | IllegalArgumentException e) {
      agent.free();
      hosts.ports().forEach(HostPort::close);
      throw new IceException(
          IceStep.GATHERING, "could not bind local candidates: " + e.getMessage(), e);
    }
  }

  /**
   * Frees the agent (its STUN threads and its side of every candidate socket, the STUN views' own
   * sockets too); the host ports stay open, for their owner to close. Call once.
   */
  void free() {
    long start = System.nanoTime();
    nominator.free();
    List<DatagramSocket> views = MultiplexedSockets.of(component);
    closeRelayedSockets();
    agent.setTa(STOP_PACING); // before free: see STOP_PACING
    agent.free();
    streamRelays.forEach(StreamRelayHarvester::close);
    MultiplexedSockets.release(views);
    log.debug("ice4j agent freed in {} us", (System.nanoTime() - start) / 1_000);
  }

  /**
   * Closes the TURN relayed candidates' sockets before {@link Agent#free()}. ice4j's free closes
   * them while holding its STUN stack's connector lock, and a relayed socket's send thread holds
   * the socket's queue lock while it waits for that connector lock: the two deadlocked when a
   * relayed session was closed while it was sending (seen in RelayedPathTest). Closed here first,
   * with no ice4j lock held, the send thread finishes its send and the socket closes.
   */
  private void closeRelayedSockets() {
    for (LocalCandidate c : component.getLocalCandidates()) {
      if (c instanceof org.ice4j.ice.RelayedCandidate relayed) {
        try {
          relayed.getCandidateIceSocketWrapper().close();
        } catch (RuntimeException e) {
          log.debug("closing a relayed candidate's socket failed: {}", e.toString());
        }
      }
    }
  }

  /**
   * Whether only relayed candidates are offered and every TURN server is reached over TCP or TLS:
   * then no host candidate is needed (our TURN client has its own connection) and none is gathered,
   * so no check leaves from a host address.
   */
  static boolean streamRelayOnly(IceConfig config) {
    return config.relayOnly()
        && !config.turnServers().isEmpty()
        && config.turnServers().stream().allMatch(t -> t.transport() != TurnServer.Transport.UDP);
  }

  /** Ta: at least 20 ms beside relays, lest a relay validate first while a hole is punched. */
  static long pacing(IceConfig config) {
    long ta = config.checkPacing().toMillis();
    return config.turnServers().isEmpty() || config.relayOnly() ? ta : Math.max(ta, 20);
  }

  /** Nominates through a {@link RelayGraceNominator}, from the stream's pair validations. */
  private static RelayGraceNominator<org.ice4j.ice.CandidatePair> nominateByPriority(
      Agent agent, IceMediaStream stream, java.util.concurrent.ScheduledExecutorService timers) {
    RelayGraceNominator<org.ice4j.ice.CandidatePair> nominator =
        new RelayGraceNominator<>(
            timers,
            agent::isControlling,
            pair -> {
              try {
                agent.nominate(pair);
              } catch (IllegalStateException e) {
                log.debug("could not nominate {}: {}", pair, e.getMessage());
              }
            });
    stream.addPairChangeListener(
        event -> {
          if (IceMediaStream.PROPERTY_PAIR_VALIDATED.equals(event.getPropertyName())
              && event.getSource() instanceof org.ice4j.ice.CandidatePair pair) {
            boolean waits =
                waitsForGrace(
                    pair.getLocalCandidate().getType(), pair.getRemoteCandidate().getType());
            nominator.validated(
                new RelayGraceNominator.Valid<>(
                    pair,
                    pair.getPriority(),
                    waits,
                    // S8: with a direct local end, a remote the peer names as direct ends the wait
                    direct(pair.getLocalCandidate().getType())
                        ? remoteKey(pair.getRemoteCandidate())
                        : null));
          }
        });
    return nominator;
  }

  /**
   * S8: what {@link RelayGraceNominator} knows a remote candidate by: its IP address and port
   * (whatever its type: a peer-reflexive remote and the host candidate the peer trickles later for
   * the same address are one key).
   */
  static java.net.InetSocketAddress remoteKey(org.ice4j.ice.Candidate<?> remote) {
    TransportAddress a = remote.getTransportAddress();
    return new java.net.InetSocketAddress(a.getAddress(), a.getPort());
  }

  /** S8: tells the nominator the peer named {@code remote}; a direct type may end a grace. */
  void remoteNamed(org.ice4j.ice.Candidate<?> remote) {
    if (direct(remote.getType())) {
      nominator.directRemote(remoteKey(remote));
    }
  }

  /**
   * Whether a valid pair waits for the relay grace rather than being nominated at once: only a pair
   * that is host or server reflexive at both ends is surely direct. A peer-reflexive remote (learnt
   * from a check's source, RFC 8445 §7.3.1.3) may be the peer's relay, and a TLS relay nominated at
   * once would beat a UDP relay of higher priority.
   */
  static boolean waitsForGrace(
      org.ice4j.ice.CandidateType local, org.ice4j.ice.CandidateType remote) {
    return !(direct(local) && direct(remote));
  }

  private static boolean direct(org.ice4j.ice.CandidateType type) {
    return type == org.ice4j.ice.CandidateType.HOST_CANDIDATE
        || type == org.ice4j.ice.CandidateType.SERVER_REFLEXIVE_CANDIDATE;
  }
}
