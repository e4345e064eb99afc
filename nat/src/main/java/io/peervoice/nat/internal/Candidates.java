package io.peervoice.nat.internal;

import io.peervoice.nat.CandidateType;
import io.peervoice.nat.IceCandidate;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Candidate;
import org.ice4j.ice.Component;
import org.ice4j.ice.RemoteCandidate;

/** Converts between our candidate records and ice4j's. */
final class Candidates {

  private Candidates() {}

  static IceCandidate toRecord(Candidate<?> c) {
    TransportAddress address = c.getTransportAddress();
    TransportAddress related = c.getRelatedAddress();
    return new IceCandidate(
        c.getFoundation(),
        c.getParentComponent().getComponentID(),
        c.getPriority(),
        address.getHostAddress(),
        address.getPort(),
        toType(c.getType()),
        related == null ? null : related.getHostAddress(),
        related == null ? 0 : related.getPort());
  }

  static RemoteCandidate toRemote(IceCandidate c, Component component, String ufrag) {
    return new RemoteCandidate(
        new TransportAddress(c.address(), c.port(), Transport.UDP),
        component,
        toIce4j(c.type()),
        c.foundation(),
        c.priority(),
        null,
        ufrag);
  }

  static CandidateType toType(org.ice4j.ice.CandidateType type) {
    return switch (type) {
      case HOST_CANDIDATE, LOCAL_CANDIDATE -> CandidateType.HOST;
      case SERVER_REFLEXIVE_CANDIDATE, STUN_CANDIDATE -> CandidateType.SERVER_REFLEXIVE;
      case PEER_REFLEXIVE_CANDIDATE -> CandidateType.PEER_REFLEXIVE;
      case RELAYED_CANDIDATE -> CandidateType.RELAYED;
    };
  }

  static org.ice4j.ice.CandidateType toIce4j(CandidateType type) {
    return switch (type) {
      case HOST -> org.ice4j.ice.CandidateType.HOST_CANDIDATE;
      case SERVER_REFLEXIVE -> org.ice4j.ice.CandidateType.SERVER_REFLEXIVE_CANDIDATE;
      case PEER_REFLEXIVE -> org.ice4j.ice.CandidateType.PEER_REFLEXIVE_CANDIDATE;
      case RELAYED -> org.ice4j.ice.CandidateType.RELAYED_CANDIDATE;
    };
  }
}
