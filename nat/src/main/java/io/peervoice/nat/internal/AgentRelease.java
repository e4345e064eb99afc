package io.peervoice.nat.internal;

import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceParameters;
import java.util.List;

/**
 * One ICE session's ice4j agent until it is freed (its STUN threads and its side of the sockets),
 * and what it offered: our parameters stay readable after the agent's candidates are gone.
 * Thread-safe.
 */
final class AgentRelease {
  private final Ice4jAgentSetup ice;
  private final CandidateFilter filter;
  private boolean freed; // guarded by this
  private IceParameters last; // guarded by this

  AgentRelease(Ice4jAgentSetup ice, CandidateFilter filter) {
    this.ice = ice;
    this.filter = filter;
  }

  /** Our credentials and the candidates we offer, as the agent has them (or had, once freed). */
  synchronized IceParameters localParameters() {
    if (freed) {
      return last; // what was offered: the agent's candidates are gone
    }
    List<IceCandidate> candidates =
        ice.component().getLocalCandidates().stream()
            .sorted((a, b) -> Long.compare(b.getPriority(), a.getPriority()))
            .map(Candidates::toRecord)
            .filter(filter::offers)
            .toList();
    return new IceParameters(
        ice.agent().getLocalUfrag(), ice.agent().getLocalPassword(), candidates);
  }

  /**
   * Frees the agent (the first call) and closes every host port but {@code keep} (null: all);
   * idempotent. Nothing is locked while the agent is freed or a port closes: closing a port waits
   * for its media loop, and that loop may itself be running a release (the grace release after a
   * pair was selected). Locked, the two waited on each other until each port's close gave up after
   * 2 s, and the phone's signaling thread, which closes a call's session, stood still meanwhile (a
   * cancelled call left the callee's phone 8 s late).
   */
  void release(HostPort keep) {
    boolean first;
    synchronized (this) {
      first = !freed;
      if (first) {
        last = localParameters();
        freed = true;
      }
    }
    if (first) {
      ice.free();
    }
    for (HostPort port : ice.hosts().ports()) {
      if (port != keep) {
        port.close();
      }
    }
  }
}
