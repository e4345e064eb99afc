package io.peervoice.nat.internal;

import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.PortPredictionReport;
import io.peervoice.nat.internal.stun.ProbeStun;
import io.peervoice.natives.DatagramPort;
import io.peervoice.natives.MediaLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bounded birthday-paradox burst looking for a direct path between a port-restricted cone NAT
 * and a symmetric one (issue #15 item 5; odds, cost and lab figures in docs/nat-traversal.md).
 *
 * <ul>
 *   <li><b>Hard role</b> (our NAT may map per destination): open {@code ports} sockets and send one
 *       check from each to the peer's server-reflexive address, the one its signed description
 *       named; each makes a mapping in our NAT that admits that address only.
 *   <li><b>Easy role</b> (we have a reflexive address on our ICE port): send {@code ports} checks
 *       from the ICE port to distinct random ports of the peer's reflexive IP (never another IP). A
 *       check that hits one of the peer's mappings reaches its socket, whose answer comes back
 *       through the hole the check opened; we then nominate that address (USE-CANDIDATE), the
 *       peer's socket takes the path on the nomination, we on its answer.
 * </ul>
 *
 * Every message is a check with the call's ICE credentials ({@link ProbeStun}); nothing
 * unauthenticated is answered or believed; hard sockets take STUN from the peer's reflexive address
 * only. The burst is paced ({@link ProbePlan#BATCH}), runs once; its sockets close when a path is
 * found or the window ends. Consent (RFC 7675) on the path found is kept with probe checks; its
 * loss tells the listener (the media goes back to the relay), and the path is checked again once
 * after a back-off ({@link LinkConsent}): found again if it answers, else its sockets close. Runs
 * on its own loop ({@link ProbeLoop}: its state, timers and hard sockets), not the call's: the ICE
 * port's loop only classifies what arrives there, answers the probe's checks at once and hands the
 * rest over, and writes the easy role's checks as they are queued to it. Media of a path found on a
 * hard socket is handed to the call's loop ({@link PredictedLink.Hard}).
 */
final class PortPredictionProbe implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PortPredictionProbe.class);

  private final ProbePlan plan;
  private final MediaLoop loop;
  private final java.util.concurrent.Executor media;
  private final ProbeStun stun;
  private final RandomGenerator random;
  private final InetSocketAddress remote;
  private final List<DatagramPort> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final PacedBurst burst =
      new PacedBurst(this::schedule, () -> this.link == null && !this.closed);
  private final ProbeTimers timers;
  private volatile int probesSent;
  private volatile int socketsOpened;
  private volatile boolean tried;
  private volatile boolean active;
  private volatile PredictedLink link;
  private PredictedLink.Listener listener; // guarded by this
  private InetSocketAddress nominee; // probe loop
  private int nominationsLeft; // probe loop
  private volatile boolean closed;
  private volatile boolean windowEnded;
  private final LinkConsent consent;
  private boolean bindFailed; // probe loop
  private final HostPort.StunTap tap = this::onEasy;

  /**
   * @param loop where it runs and binds its sockets (calls: {@link ProbeLoop}), not the ICE port's
   * @param media the call's media loop (its ICE port's): where a hard path's media is handled
   */
  PortPredictionProbe(
      ProbePlan plan,
      MediaLoop loop,
      MediaLoop media,
      ProbeStun stun,
      RandomGenerator random,
      LongSupplier millis) {
    this.plan = plan;
    this.loop = loop;
    this.media = media.executor();
    this.stun = stun;
    this.random = random;
    this.timers = new ProbeTimers(loop.executor());
    this.consent = new LinkConsent(plan, stun, millis, this::schedule, this::tell, this::release);
    IceCandidate r = plan.remoteSrflx();
    this.remote = new InetSocketAddress(r.address(), r.port());
  }

  /** Sends the burst (on the probe's loop). */
  void start() {
    onLoop(this::begin);
  }

  /** Sets the listener and returns the path found so far (null if none). Any thread. */
  synchronized PredictedLink listen(PredictedLink.Listener l) {
    this.listener = l;
    return active ? link : null;
  }

  /** What the probe did so far. Any thread. */
  PortPredictionReport report() {
    return new PortPredictionReport(tried, probesSent, socketsOpened, link != null, active);
  }

  /** The addresses of the hard role's sockets still open (for tests). */
  List<InetSocketAddress> socketAddresses() {
    return sockets.stream().map(DatagramPort::localAddress).toList();
  }

  /** Where the burst goes: the IP of the peer's reflexive candidate (its signed description). */
  java.net.InetAddress destination() {
    return remote.getAddress();
  }

  /** Whether the window ended without a path (its sockets closed, the tap removed). */
  boolean gaveUp() {
    return windowEnded;
  }

  private void begin() {
    if (closed) {
      return;
    }
    tried = true;
    if (plan.hardBind() != null) { // bound in the paced burst: the probe's loop stays responsive
      for (int i = 0; i < plan.ports(); i++) {
        burst.add(this::openOne);
      }
    }
    if (plan.easyPort() != null) {
      plan.easyPort().addTap(tap);
      for (int guess : ProbePlan.guesses(plan.ports(), random)) {
        InetSocketAddress to = new InetSocketAddress(remote.getAddress(), guess);
        burst.add(() -> sendEasy(to, false));
      }
    }
    burst.start();
    schedule(this::windowEnd, plan.window().toMillis());
  }

  /** Opens one hard-role socket and sends its check to the peer's reflexive address. */
  private void openOne() {
    if (bindFailed) {
      return;
    }
    DatagramPort port;
    try {
      port = loop.bind(new InetSocketAddress(plan.hardBind(), 0), (d, o, l, f) -> {});
    } catch (IOException e) {
      bindFailed = true;
      log.info("port prediction: {} sockets opened: {}", socketsOpened, e.getMessage());
      return;
    }
    port.setReceiver((d, o, l, f) -> onHard(port, d, o, l, f));
    sockets.add(port);
    socketsOpened++;
    byte[] check = stun.request(remote, false);
    port.send(check, 0, check.length, remote);
    probesSent++;
  }

  private void sendEasy(InetSocketAddress to, boolean nominate) {
    byte[] request = stun.request(to, nominate);
    plan.easyPort().send(request, 0, request.length, to);
    probesSent++;
  }

  /** A datagram on one of the hard role's sockets. */
  private void onHard(
      DatagramPort port, byte[] data, int offset, int length, InetSocketAddress from) {
    if (closed || length <= 0) {
      return;
    }
    if ((data[offset] & 0xff) > 3) {
      if (link instanceof PredictedLink.Hard hard && hard.port() == port) {
        hard.onMedia(data, offset, length, from);
      }
      return;
    }
    if (!from.getAddress().equals(remote.getAddress()) || from.getPort() != remote.getPort()) {
      return; // only the address the peer's signed description named
    }
    ProbeStun.Verdict v = stun.classify(data, offset, length, from);
    switch (v.kind()) {
      case REQUEST, NOMINATION -> {
        byte[] answer = stun.response(v.transactionId(), from);
        port.send(answer, 0, answer.length, from);
        if (v.kind() == ProbeStun.Kind.NOMINATION && link == null) {
          IceCandidate local = PredictedLink.reflexive(port.localAddress());
          found(new PredictedLink.Hard(port, media, local, plan.remoteSrflx(), from));
        }
      }
      case RESPONSE -> fresh(from);
      default -> {}
    }
  }

  /**
   * STUN on our ICE port, on its (the call's) loop: ours if it is a probe's, else the ICE agent's.
   * A check of ours is answered at once from the port; what it means goes to the probe's loop.
   */
  private boolean onEasy(byte[] data, int offset, int length, InetSocketAddress from) {
    if (closed || !from.getAddress().equals(remote.getAddress())) {
      return false;
    }
    ProbeStun.Verdict v = stun.classify(data, offset, length, from);
    switch (v.kind()) {
      case NOT_OURS -> {
        return false;
      }
      case REQUEST, NOMINATION -> {
        byte[] answer = stun.response(v.transactionId(), from);
        plan.easyPort().send(answer, 0, answer.length, from);
        boolean nomination = v.kind() == ProbeStun.Kind.NOMINATION;
        onLoop(() -> easyHeard(nomination, false, from));
      }
      case RESPONSE -> {
        boolean nomination = v.nomination();
        onLoop(() -> easyHeard(nomination, true, from));
      }
      default -> {}
    }
    return true;
  }

  /**
   * An authenticated check from the peer reached our ICE port, or ({@code answer}) an answer to one
   * of its checks did; on the probe's loop.
   */
  private void easyHeard(boolean nomination, boolean answer, InetSocketAddress from) {
    if (closed) {
      return;
    }
    if (nomination || (!answer && link == null && from.equals(nominee))) {
      // a nomination, or a check from our nominee after its opening one (the peer took the path)
      foundEasy(from);
    } else if (link == null && nominee == null) {
      nominate(from); // the peer's opening check came through a hole, or a sprayed check hit
    } else if (answer) {
      fresh(from);
    }
  }

  private void nominate(InetSocketAddress to) {
    nominee = to;
    nominationsLeft = ProbePlan.NOMINATIONS;
    nominateAgain();
  }

  private void nominateAgain() {
    if (link != null || closed || nominationsLeft-- <= 0) {
      return;
    }
    sendEasy(nominee, true);
    schedule(this::nominateAgain, ProbePlan.NOMINATION_INTERVAL_MILLIS);
  }

  private void foundEasy(InetSocketAddress from) {
    if (link == null) {
      IceCandidate peer = PredictedLink.reflexive(from);
      found(new PredictedLink.Easy(plan.easyPort(), plan.localSrflx(), peer, from));
    } else {
      fresh(from);
    }
  }

  private void found(PredictedLink l) {
    link = l;
    burst.clear();
    for (DatagramPort p : sockets) {
      if (!(l instanceof PredictedLink.Hard hard && hard.port() == p)) {
        p.close();
        sockets.remove(p);
      }
    }
    log.info("port prediction found a direct path to {} after {} checks", l.peer(), probesSent);
    // a hard socket checks at once (RFC 8445 §7.3.1.4): tells the sprayer we took the path
    consent.start(l, l instanceof PredictedLink.Hard ? 0 : plan.consentInterval().toMillis());
    tell(true);
  }

  private void fresh(InetSocketAddress from) {
    PredictedLink l = link;
    if (l != null && l.peer().equals(new InetSocketAddress(from.getAddress(), from.getPort()))) {
      consent.fresh();
    }
  }

  private void windowEnd() {
    if (link != null || closed) {
      return;
    }
    release();
    windowEnded = true;
    log.info("port prediction found no direct path ({} checks sent)", probesSent);
  }

  /** Stops the timers, closes the sockets, takes the tap off the ICE port; on the probe loop. */
  private void release() {
    timers.cancelAll();
    burst.clear();
    sockets.forEach(DatagramPort::close);
    sockets.clear();
    if (plan.easyPort() != null) {
      plan.easyPort().removeTap(tap);
    }
  }

  private boolean schedule(Runnable task, long delayMillis) {
    if (closed || !timers.schedule(task, delayMillis)) {
      closed = true;
      return false;
    }
    return true;
  }

  private void onLoop(Runnable task) {
    if (!timers.execute(task)) {
      closed = true;
    }
  }

  /** Sets whether the found path carries the media and tells the listener; on the probe loop. */
  private void tell(boolean carries) {
    PredictedLink.Listener target;
    synchronized (this) {
      active = carries;
      target = listener;
    }
    if (target != null && carries) {
      target.found(link);
    } else if (target != null) {
      target.lost();
    }
  }

  /** Stops everything and closes every socket of the probe (the found one too). Any thread. */
  @Override
  public void close() {
    synchronized (this) {
      active = false;
    }
    closed = true;
    onLoop(this::release);
  }
}
