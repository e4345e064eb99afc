package io.peervoice.nat.internal;

import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.internal.stun.CheckResponder;
import io.peervoice.nat.internal.stun.IceCredentials;
import io.peervoice.nat.internal.stun.NominationCheck;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.IceMediaStream;

/**
 * Controlled side, a peer that nominates a single pair ({@code IceConfig#singleNomination}): the
 * peer's nominating check is seen on our host port as it arrives, on the port's loop thread, before
 * ice4j's threads take it (RFC 8445 <a
 * href="https://www.rfc-editor.org/rfc/rfc8445#section-7.3.1.5">§7.3.1.5</a>: a USE-CANDIDATE check
 * on a pair that succeeded for us sets its nominated flag, and ICE for the component is done). The
 * pair can then carry media at once, not once ice4j has processed the check and completed (7-35 ms
 * later on a loaded 2-core machine). The check still goes on to ice4j, which answers it; a check on
 * a pair ours have not validated yet is left to ice4j (its triggered check confirms it).
 *
 * <p>Only an authenticated check counts ({@link NominationCheck}); each one is told (a resent
 * nominating check, or the peer's first consent check, which carries USE-CANDIDATE too, may come
 * once ours validated the pair) until the session {@link #stop() stops} the watch.
 *
 * <p>S16: a peer that may nominate several pairs (a browser) is watched differently: its checks are
 * answered as they arrive ({@link EarlyCheckAnswers}), and ice4j confirms its nomination.
 */
final class PeerNomination {
  private record Watched(HostPort port, HostPort.StunTap tap) {}

  private final NominationCheck check;
  private final BiConsumer<HostPort, InetSocketAddress> nominated;
  private final List<Watched> watched = new CopyOnWriteArrayList<>();
  private final AtomicBoolean done = new AtomicBoolean();
  private final EarlyCheckAnswers early; // null: none
  private final ValidPairKeying keying; // null: none
  private final IceMediaStream stream; // keying's, null: none

  private PeerNomination(
      NominationCheck check,
      BiConsumer<HostPort, InetSocketAddress> nominated,
      EarlyCheckAnswers early,
      ValidPairKeying keying,
      IceMediaStream stream) {
    this.check = check;
    this.nominated = nominated;
    this.early = early;
    this.keying = keying;
    this.stream = stream;
  }

  /** Watches nothing: for a controlling agent. */
  static PeerNomination none() {
    return new PeerNomination(null, (port, from) -> {}, null, null, null);
  }

  /**
   * Starts watching {@code ice}'s host ports for nominating checks from the peer whose ICE
   * parameters are {@code remote}, if the agent is controlled and the peer nominates a single pair
   * ({@link IceConfig#singleNomination()}); a controlled agent's other peers get their checks
   * answered early ({@link EarlyCheckAnswers}), and (S19) their first valid pair is offered to
   * {@code earlyKeying} ({@link ValidPairKeying}); a controlling agent {@link #none()}.
   *
   * @param post runs the session's work on its own thread (not ice4j's, nor a port's loop)
   * @param peerNominated told of each nominating check: the port it came to and its source
   * @param earlyKeying told of an early keying path
   */
  static PeerNomination of(
      IceConfig config,
      Ice4jAgentSetup ice,
      IceParameters remote,
      java.util.concurrent.Executor post,
      BiConsumer<HostPort, InetSocketAddress> peerNominated,
      java.util.function.Consumer<io.peervoice.nat.EarlyKeyingPath> earlyKeying) {
    BiConsumer<HostPort, InetSocketAddress> nominated =
        (port, from) -> post.execute(() -> peerNominated.accept(port, from));
    Agent agent = ice.agent();
    if (agent.isControlling()) {
      return none();
    }
    var credentials =
        new IceCredentials(
            agent.getLocalUfrag(), agent.getLocalPassword(), remote.ufrag(), remote.password());
    if (!config.singleNomination()) {
      var answers = EarlyCheckAnswers.watch(ice.hosts().ports(), new CheckResponder(credentials));
      var keying =
          new ValidPairKeying(
              ice.hosts().ports(), answers, path -> post.execute(() -> earlyKeying.accept(path)));
      ice.stream().addPairChangeListener(keying);
      return new PeerNomination(null, (port, from) -> {}, answers, keying, ice.stream());
    }
    return watch(ice.hosts().ports(), new NominationCheck(credentials), nominated);
  }

  /** Watches {@code ports} for checks that {@code check} matches. */
  static PeerNomination watch(
      List<HostPort> ports,
      NominationCheck check,
      BiConsumer<HostPort, InetSocketAddress> nominated) {
    PeerNomination watch = new PeerNomination(check, nominated, null, null, null);
    for (HostPort port : ports) {
      HostPort.StunTap tap = (data, off, len, from) -> watch.seen(port, data, off, len, from);
      watch.watched.add(new Watched(port, tap));
      port.addTap(tap);
    }
    return watch;
  }

  /** Never takes the datagram: ice4j (or our STUN) still answers the check. */
  private boolean seen(HostPort port, byte[] data, int offset, int length, InetSocketAddress from) {
    if (!done.get() && check.matches(data, offset, length)) {
      nominated.accept(port, from);
    }
    return false;
  }

  /** Stops watching; idempotent. */
  void stop() {
    done.set(true);
    if (early != null) {
      early.stop();
    }
    if (keying != null) {
      keying.stop();
      stream.removePairStateChangeListener(keying);
    }
    for (Watched w : watched) {
      w.port().removeTap(w.tap());
    }
  }

  /**
   * The pair of {@code stream}'s check list from {@code port} to {@code from} that our own check
   * validated, if there is one (else the nomination is ice4j's to confirm).
   */
  static Optional<CandidatePair> validPair(
      IceMediaStream stream, HostPort port, InetSocketAddress from, List<HostPort> ports) {
    InetSocketAddress source = new InetSocketAddress(from.getAddress(), from.getPort());
    for (CandidatePair p : new ArrayList<>(stream.getCheckList())) {
      InetSocketAddress remote = p.getRemoteCandidate().getTransportAddress();
      if (p.isValid()
          && source.equals(new InetSocketAddress(remote.getAddress(), remote.getPort()))
          && SelectedPaths.portOf(p, ports).filter(port::equals).isPresent()) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
