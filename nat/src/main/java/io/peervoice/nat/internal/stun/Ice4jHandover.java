package io.peervoice.nat.internal.stun;

import io.peervoice.nat.IceRole;
import java.net.InetSocketAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.IceMediaStream;

/**
 * What {@link DirectStun} takes over from an ice4j agent whose ICE completed: read it before the
 * agent is freed. The only class of this package that knows ice4j.
 */
public final class Ice4jHandover {
  private Ice4jHandover() {}

  /**
   * A config builder filled from {@code agent} and its selected {@code pair}: both agents'
   * credentials, the pair's remote address, our role and tie-breaker, the PRIORITY ice4j puts in
   * its checks (the local candidate's peer-reflexive priority), USE-CANDIDATE when controlling (the
   * pair is nominated), and the pair's last consent as {@code freshSince}. The caller adds the
   * scheduler, sender, clock and {@code onConsent}.
   */
  public static DirectStunConfig.Builder from(Agent agent, CandidatePair pair) {
    IceMediaStream stream = pair.getParentComponent().getParentStream();
    InetSocketAddress remote = pair.getRemoteCandidate().getTransportAddress();
    return DirectStunConfig.builder()
        .credentials(
            new IceCredentials(
                agent.getLocalUfrag(),
                agent.getLocalPassword(),
                stream.getRemoteUfrag(),
                stream.getRemotePassword()))
        // a plain InetSocketAddress: ice4j's TransportAddress also compares the transport
        .remote(new InetSocketAddress(remote.getAddress(), remote.getPort()))
        .role(agent.isControlling() ? IceRole.CONTROLLING : IceRole.CONTROLLED)
        .tieBreaker(agent.getTieBreaker())
        .priority(
            pair.getLocalCandidate().computePriorityForType(CandidateType.PEER_REFLEXIVE_CANDIDATE))
        .freshSince(pair.getConsentFreshness());
  }
}
