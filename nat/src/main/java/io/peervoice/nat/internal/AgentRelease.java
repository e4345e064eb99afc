package io.peervoice.nat.internal;

import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceParameters;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
  private final List<FirstAnswer> answers = new java.util.ArrayList<>(); // guarded by this

  AgentRelease(Ice4jAgentSetup ice, CandidateFilter filter) {
    this.ice = ice;
    this.filter = filter;
  }

  /**
   * Our credentials and the candidates we offer, as the agent has them (or had, once freed). Given
   * out, they let a peer send checks: the host ports' readers start now ({@link
   * LoopHostHarvester#startReaders()}).
   */
  synchronized IceParameters localParameters() {
    if (!freed) {
      ice.hosts().startReaders();
    }
    return parameters();
  }

  /** As {@link #localParameters()}, starting no reader (for the release). */
  private synchronized IceParameters parameters() {
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
   * Our STUN has the pair on {@code keep}: the agent is freed {@code graceMillis} later, once ice4j
   * sent its response to the peer's nominating check (freed at once, it was dropped: the peer
   * waited for another), then {@code after} runs; at once if {@code scheduler} is shut down.
   */
  void releaseLater(
      HostPort keep, long graceMillis, ScheduledExecutorService scheduler, Runnable after) {
    try {
      scheduler.schedule(
          () -> {
            release(keep);
            after.run();
          },
          graceMillis,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      release(keep);
    }
  }

  /**
   * How long the agent outlives the peer's first answer on a pair we nominated: clear of the first
   * audio, which the peer sends once it has our nomination (freeing the agent takes milliseconds of
   * the media loop the audio is handled on; on a loaded machine the first audio came up to ~100 ms
   * after the nomination).
   */
  static final long ANSWERED_GRACE_MILLIS = 300;

  /**
   * As {@link #releaseLater}, and sooner: {@link #ANSWERED_GRACE_MILLIS} after the first STUN
   * success response from {@code peer} reaches {@code keep} ({@link FirstAnswer}: the peer has our
   * nomination). Controlling side, a pair taken on our own nomination (the peer selects it on our
   * nominating check or our STUN's first consent request, USE-CANDIDATE too): the agent's threads
   * (one reader per host port, {@code IceConnector}) go a few hundred ms after the selection
   * instead of a second later, so calls set up at once keep fewer agents alive together.
   */
  void releaseWhenAnswered(
      HostPort keep,
      java.net.InetSocketAddress peer,
      ScheduledExecutorService scheduler,
      Runnable after) {
    FirstAnswer watch =
        FirstAnswer.watch(
            keep, peer, () -> releaseLater(keep, ANSWERED_GRACE_MILLIS, scheduler, after));
    synchronized (this) {
      answers.add(watch);
      if (!freed) {
        return;
      }
    }
    watch.stop(); // freed meanwhile
  }

  /**
   * Once {@code path} over {@code pair} was selected: a direct path's port answers STUN from now on
   * (the others stay unanswered until the agent is freed, {@code graceMillis} later, or once the
   * peer answered our nomination if {@code ours} nominated it); a relayed path leaves the STUN to
   * ice4j.
   */
  void afterSelection(
      BaseMediaPath path,
      org.ice4j.ice.CandidatePair pair,
      boolean ours,
      long graceMillis,
      java.util.concurrent.ScheduledExecutorService scheduler,
      UnselectedPortGuard held) {
    if (path instanceof LoopMediaPath direct) {
      held.release(direct.port()); // our STUN answers there now; the others stay unanswered
      releaseLater(direct.port(), graceMillis, scheduler, held::releaseAll);
      if (ours) {
        var peer = pair.getRemoteCandidate().getTransportAddress();
        releaseWhenAnswered(direct.port(), peer, scheduler, held::releaseAll);
      }
    } else {
      held.releaseAll(); // relayed: ice4j keeps the STUN
    }
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
      answers.forEach(FirstAnswer::stop);
      first = !freed;
      if (first) {
        last = parameters();
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
