package io.peervoice.nat.internal;

import io.peervoice.nat.PathState;
import java.beans.PropertyChangeListener;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.IceMediaStream;

/**
 * The consent freshness (RFC 7675) ice4j keeps for a selected pair, turned into path states: ice4j
 * stamps each confirmed consent with the wall clock and tells the stream's pair listeners, and a
 * {@link ConsentWatch} evaluates the state on each such event and at its deadlines, never polled.
 */
final class PairConsent {
  private final IceMediaStream stream;
  private final ConsentWatch watch;
  private final PropertyChangeListener events;

  PairConsent(
      CandidatePair pair,
      ScheduledExecutorService scheduler,
      ConsentMonitor monitor,
      Consumer<PathState> states) {
    this.stream = pair.getParentComponent().getParentStream();
    this.watch =
        new ConsentWatch(
            scheduler, monitor, pair::getConsentFreshness, System::currentTimeMillis, states);
    this.events =
        event -> {
          if (event.getSource() == pair
              && IceMediaStream.PROPERTY_PAIR_CONSENT_FRESHNESS_CHANGED.equals(
                  event.getPropertyName())) {
            watch.check();
          }
        };
    stream.addPairChangeListener(events);
    watch.check();
  }

  void stop() {
    stream.removePairStateChangeListener(events);
    watch.stop();
  }
}
