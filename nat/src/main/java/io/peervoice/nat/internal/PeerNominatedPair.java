package io.peervoice.nat.internal;

import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidatePairState;
import org.ice4j.ice.IceMediaStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S9 web: which pair a <em>controlled</em> agent keeps once ice4j completed. ice4j completes on the
 * first pair whose nomination it confirmed, but a controlling peer that nominates aggressively
 * (Chromium's default "semi-aggressive" mode puts USE-CANDIDATE on every check of a pair better
 * than the one it selected, RFC 8445 §8.1.1 allows it) keeps the <em>highest-priority</em> pair
 * that works for it, and switches to it as soon as it is writable. Taking the first confirmed pair
 * left the two ends on different pairs whenever a lower-priority pair's confirmation won the race:
 * our DTLS flights went out on ours, the browser's answers came back on its own pair, to a port we
 * had already closed, until the browser gave that pair up seconds later (a relayed browser call
 * keyed after 7.7 s in CI: 1 + 2 + 4 s of DTLS resends). So the pair kept is the highest-priority
 * one the peer nominated that has not failed and that we can carry media on: the pair the peer will
 * use.
 */
final class PeerNominatedPair {
  private static final Logger log = LoggerFactory.getLogger(PeerNominatedPair.class);

  private PeerNominatedPair() {}

  /**
   * One pair of the check list as this choice sees it.
   *
   * @param priority the pair's priority (RFC 8445 §6.1.2.3, the same number on both ends)
   * @param peerNominated the peer sent USE-CANDIDATE on a check of this pair
   * @param failed our checks of this pair failed
   * @param usable we can carry media on it (its local candidate is on one of our host ports)
   */
  record Candidate<P>(
      P pair, long priority, boolean peerNominated, boolean failed, boolean usable) {}

  /**
   * The pair to keep: {@code selected} (ice4j's), unless the peer nominated a usable pair of higher
   * priority that has not failed; then the highest such pair.
   */
  static <P> P choose(P selected, long selectedPriority, List<Candidate<P>> pairs) {
    P best = selected;
    long bestPriority = selectedPriority;
    for (Candidate<P> c : pairs) {
      if (c.peerNominated() && !c.failed() && c.usable() && c.priority() > bestPriority) {
        best = c.pair();
        bestPriority = c.priority();
      }
    }
    return best;
  }

  /** Pairs a {@link Watch} keeps at most. */
  static final int MAX_WATCHED = 64;

  /**
   * S10 web: the pairs of a stream seen changing state. When ice4j confirms a nomination it removes
   * every Waiting pair from the check list, whatever its priority (RFC 8445 §8.1.2 allows it): a
   * pair the peer nominated whose triggered check was still queued (ice4j cancels an in-progress
   * check on the peer's USE-CANDIDATE and queues a new one) was gone before the choice, and the
   * lower pair was kept. {@code PeerNominationRaceTest} found it with real agents (in 5 of 13
   * runs). Bounded ({@value #MAX_WATCHED}); pairs come from our own check list only, not from the
   * network.
   */
  static final class Watch implements PropertyChangeListener {
    private final Set<CandidatePair> seen = ConcurrentHashMap.newKeySet();
    private final Runnable validated;

    /** A watch that also runs {@code validated} each time a pair turns valid (the stopwatch). */
    Watch(Runnable validated) {
      this.validated = validated;
    }

    @Override
    public void propertyChange(PropertyChangeEvent event) {
      if (IceMediaStream.PROPERTY_PAIR_VALIDATED.equals(event.getPropertyName())) {
        validated.run();
      }
      if (event.getSource() instanceof CandidatePair pair && seen.size() < MAX_WATCHED) {
        seen.add(pair);
      }
    }

    /** The stream's check list and the pairs seen that ice4j removed from it. */
    List<CandidatePair> pairs(IceMediaStream stream) {
      Set<CandidatePair> all = new LinkedHashSet<>(new ArrayList<>(stream.getCheckList()));
      all.addAll(seen);
      return new ArrayList<>(all);
    }
  }

  /**
   * {@link #choose} over ice4j's pairs ({@link Watch#pairs}): {@code selected} is ice4j's selected
   * pair, usable pairs are those on one of {@code ports}.
   */
  static CandidatePair ofCheckList(
      List<CandidatePair> checkList, CandidatePair selected, List<HostPort> ports) {
    List<Candidate<CandidatePair>> pairs = new ArrayList<>();
    for (CandidatePair p : checkList) {
      if (p.getParentComponent() == selected.getParentComponent()) {
        pairs.add(
            new Candidate<>(
                p,
                p.getPriority(),
                p.useCandidateReceived(),
                p.getState() == CandidatePairState.FAILED,
                SelectedPaths.portOf(p, ports).isPresent()));
      }
    }
    CandidatePair kept = choose(selected, selected.getPriority(), pairs);
    if (kept != selected) {
      log.debug(
          "the peer nominated {} too: kept instead of {}",
          kept.toShortString(),
          selected.toShortString());
    }
    return kept;
  }
}
