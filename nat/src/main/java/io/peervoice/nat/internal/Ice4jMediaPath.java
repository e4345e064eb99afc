package io.peervoice.nat.internal;

import java.beans.PropertyChangeListener;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.socket.IceSocketWrapper;

/**
 * The selected pair of an ice4j component as a media path. Reads from the pair's socket (STUN is
 * filtered out by ice4j, and kept by it in a bounded buffer until this path reads) and admits only
 * datagrams from the pair's remote address; the receive thread ends when the agent frees its
 * sockets. Its state follows the pair's consent freshness (RFC 7675), which ice4j stamps with the
 * wall clock: evaluated on each consent event and at the deadlines of a {@link ConsentWatch}, never
 * polled.
 */
final class Ice4jMediaPath extends BaseMediaPath {
  private final Component component;
  private final IceSocketWrapper socket;
  private final Runnable closer;
  private final ConsentWatch consentWatch;
  private final PropertyChangeListener consentEvents;

  Ice4jMediaPath(
      Component component,
      CandidatePair pair,
      long connectNanos,
      ThreadFactory ioThreads,
      ScheduledExecutorService scheduler,
      ConsentMonitor consent,
      Runnable closer) {
    super(
        Candidates.toRecord(pair.getLocalCandidate()),
        Candidates.toRecord(pair.getRemoteCandidate()),
        connectNanos,
        SourceFilter.of(pair.getRemoteCandidate().getTransportAddress()),
        ioThreads,
        scheduler);
    this.component = component;
    this.socket = pair.getIceSocketWrapper();
    this.closer = closer;
    this.consentWatch =
        new ConsentWatch(
            scheduler,
            consent,
            pair::getConsentFreshness,
            System::currentTimeMillis,
            this::updateState);
    this.consentEvents =
        event -> {
          if (event.getSource() == pair
              && IceMediaStream.PROPERTY_PAIR_CONSENT_FRESHNESS_CHANGED.equals(
                  event.getPropertyName())) {
            consentWatch.check();
          }
        };
    component.getParentStream().addPairChangeListener(consentEvents);
    consentWatch.check();
  }

  @Override
  ReceiveLoop.Receiver receiver() {
    return socket::receive;
  }

  @Override
  public void send(byte[] data, int offset, int length) throws IOException {
    component.send(data, offset, length);
  }

  @Override
  public boolean loopbackFallback() {
    return false;
  }

  void stopConsent() {
    component.getParentStream().removePairStateChangeListener(consentEvents);
    consentWatch.stop();
  }

  /** Closes the ICE session this path belongs to. */
  @Override
  public void close() {
    stopConsent();
    stopReceiving();
    updateState(io.peervoice.nat.PathState.CLOSED);
    closer.run();
  }
}
