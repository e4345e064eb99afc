package io.peervoice.nat.internal;

import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceException;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceStep;
import io.peervoice.nat.StunServer;
import io.peervoice.nat.TurnServer;
import io.peervoice.natives.MediaLoop;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.NominationStrategy;
import org.ice4j.ice.harvest.StunCandidateHarvester;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.security.LongTermCredential;

/**
 * An ice4j agent for one ICE session, set up the way PeerVoice runs ICE: trickle, consent
 * freshness, first valid pair nominated, checks paced by {@link #pacing}, one RTP component whose
 * host candidates are bound on the call's media loop ({@link LoopHostHarvester}), STUN and TURN
 * harvesters for the configured servers.
 *
 * @param hosts the host candidates' ports
 * @param hostGatheringMillis how long binding the host candidates took
 */
record Ice4jAgentSetup(
    Agent agent,
    IceMediaStream stream,
    Component component,
    LoopHostHarvester hosts,
    long hostGatheringMillis) {

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
      agent.addCandidateHarvester(hosts);
      agent.setTa(pacing(config));
      agent.setNominationStrategy(NominationStrategy.NOMINATE_FIRST_VALID);
      for (StunServer stun : config.stunServers()) {
        agent.addCandidateHarvester(
            new StunCandidateHarvester(
                new TransportAddress(stun.host(), stun.port(), Transport.UDP)));
      }
      for (TurnServer turn : config.turnServers()) {
        agent.addCandidateHarvester(
            new TurnCandidateHarvester(
                new TransportAddress(turn.host(), turn.port(), Transport.UDP),
                new LongTermCredential(turn.username(), turn.password())));
      }
      IceMediaStream stream = agent.createMediaStream("audio");
      Component component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
      if (hosts.ports().isEmpty()) {
        throw new IOException(
            "Failed to bind even a single host candidate"
                + hosts.lastFailure().map(e -> ": " + e.getMessage()).orElse(""),
            hosts.lastFailure().orElse(null));
      }
      return new Ice4jAgentSetup(
          agent, stream, component, hosts, (System.nanoTime() - gatherStart) / 1_000_000);
    } catch (IOException | IllegalArgumentException e) {
      agent.free();
      hosts.ports().forEach(HostPort::close);
      throw new IceException(
          IceStep.GATHERING, "could not bind local candidates: " + e.getMessage(), e);
    }
  }

  /** Ta: at least 20 ms beside relays, lest a relay validate first while a hole is punched. */
  static long pacing(IceConfig config) {
    long ta = config.checkPacing().toMillis();
    return config.turnServers().isEmpty() || config.relayOnly() ? ta : Math.max(ta, 20);
  }
}
