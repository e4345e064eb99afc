package io.peervoice.nat.internal;

import java.util.ArrayList;
import java.util.List;
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

  /**
   * {@link #choose} over ice4j's check list: {@code selected} is ice4j's selected pair, usable
   * pairs are those on one of {@code ports}.
   */
  static CandidatePair ofCheckList(
      IceMediaStream stream, CandidatePair selected, List<HostPort> ports) {
    List<Candidate<CandidatePair>> pairs = new ArrayList<>();
    for (CandidatePair p : new ArrayList<>(stream.getCheckList())) {
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
