package io.peervoice.nat.internal;

import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.EarlyKeyingPath;
import io.peervoice.nat.IceCandidate;
import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.IceMediaStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S19: a controlled agent's first valid pair on one of our host ports, offered as an {@link
 * EarlyKeyingPath} before the peer (a browser) nominates (RFC 8445 §12.1). Watches the stream's
 * pair events (ice4j's thread) and offers once; sends go from the pair's host port to its remote;
 * DTLS that arrives on any host port from a source whose check {@link EarlyCheckAnswers} answered
 * goes to the keying handler ({@link HostPort#receiveKeying}) until {@link #stop()}, which the
 * session calls once it selected its path: from then on the path carries it.
 */
final class ValidPairKeying implements PropertyChangeListener {
  private static final Logger log = LoggerFactory.getLogger(ValidPairKeying.class);

  private final List<HostPort> ports;
  private final EarlyCheckAnswers answers;
  private final Consumer<EarlyKeyingPath> offer;
  private final AtomicBoolean offered = new AtomicBoolean();
  private volatile boolean stopped;

  /**
   * @param offer told once of the path, on ice4j's thread (hand it on)
   */
  ValidPairKeying(
      List<HostPort> ports, EarlyCheckAnswers answers, Consumer<EarlyKeyingPath> offer) {
    this.ports = ports;
    this.answers = answers;
    this.offer = offer;
  }

  @Override
  public void propertyChange(PropertyChangeEvent event) {
    if (stopped
        || !IceMediaStream.PROPERTY_PAIR_VALIDATED.equals(event.getPropertyName())
        || !(event.getSource() instanceof CandidatePair pair)) {
      return;
    }
    Optional<HostPort> port = SelectedPaths.portOf(pair, ports);
    if (port.isPresent() && offered.compareAndSet(false, true)) {
      log.debug("keying may start on {}, valid before a nomination", pair.toShortString());
      offer.accept(new Path(port.get(), pair));
    }
  }

  /** Stops handing DTLS to the keying handler; idempotent. */
  void stop() {
    stopped = true;
    for (HostPort p : ports) {
      p.stopKeying();
    }
  }

  private final class Path implements EarlyKeyingPath {
    private final HostPort port;
    private final InetSocketAddress remote;
    private final IceCandidate localCandidate;
    private final IceCandidate remoteCandidate;

    Path(HostPort port, CandidatePair pair) {
      this.port = port;
      this.remote = pair.getRemoteCandidate().getTransportAddress();
      this.localCandidate = Candidates.toRecord(pair.getLocalCandidate());
      this.remoteCandidate = Candidates.toRecord(pair.getRemoteCandidate());
    }

    @Override
    public void send(byte[] data, int offset, int length) throws IOException {
      port.send(data, offset, length, remote);
    }

    @Override
    public void receive(DatagramHandler handler) {
      if (stopped) {
        return;
      }
      for (HostPort p : ports) {
        p.receiveKeying(from -> answers.proven(p, from), handler);
      }
      if (stopped) { // the session selected its path meanwhile
        stop();
      }
    }

    @Override
    public IceCandidate localCandidate() {
      return localCandidate;
    }

    @Override
    public IceCandidate remoteCandidate() {
      return remoteCandidate;
    }
  }
}
