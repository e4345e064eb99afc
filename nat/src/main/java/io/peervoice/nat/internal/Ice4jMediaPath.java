package io.peervoice.nat.internal;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.socket.IceSocketWrapper;

/**
 * The selected pair of an ice4j component as a media path. Reads from the pair's socket (STUN is
 * filtered out by ice4j, and kept by it in a bounded buffer until this path reads) and admits only
 * datagrams from the pair's remote address; the receive thread ends when the agent frees its
 * sockets. Its state follows the pair's consent freshness (RFC 7675), which ice4j stamps with the
 * wall clock.
 */
final class Ice4jMediaPath extends BaseMediaPath {
  private final Component component;
  private final IceSocketWrapper socket;
  private static final long CONSENT_POLL_MILLIS = 500;

  private final Runnable closer;
  private final ScheduledFuture<?> consentPoll;

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
    long connectedAt = System.currentTimeMillis();
    this.consentPoll =
        scheduler.scheduleAtFixedRate(
            () ->
                updateState(
                    consent.evaluate(
                        pair.getConsentFreshness(), connectedAt, System.currentTimeMillis())),
            CONSENT_POLL_MILLIS,
            CONSENT_POLL_MILLIS,
            TimeUnit.MILLISECONDS);
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
    consentPoll.cancel(false);
  }

  /** Closes the ICE session this path belongs to. */
  @Override
  public void close() {
    consentPoll.cancel(false);
    stopReceiving();
    updateState(io.peervoice.nat.PathState.CLOSED);
    closer.run();
  }
}
