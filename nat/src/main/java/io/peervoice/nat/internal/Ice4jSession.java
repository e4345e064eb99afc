package io.peervoice.nat.internal;

import io.peervoice.nat.EarlyKeyingPath;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceException;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceSession;
import io.peervoice.nat.IceStep;
import io.peervoice.nat.MediaPath;
import io.peervoice.nat.TrickleListener;
import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.MediaLoops;
import java.beans.PropertyChangeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link IceSession} over one ice4j {@link Agent} with one RTP component, host candidates on the
 * call's media loop ({@link Ice4jAgentSetup}); a selected pair on one of our ports becomes a {@link
 * LoopMediaPath}, a relayed one an {@link Ice4jMediaPath} ({@link SelectedPaths}).
 */
public final class Ice4jSession implements IceSession {
  private static final Logger log = LoggerFactory.getLogger(Ice4jSession.class);

  /** How long the agent outlives the selection of a direct pair: its last responses go out. */
  static final long AGENT_GRACE_MILLIS = 100;

  /** The agent's grace after a pair we nominated: {@link AgentRelease#releaseWhenAnswered}. */
  static final long NOMINATED_AGENT_GRACE_MILLIS = 1_000;

  private final IceConfig config;
  private final CandidateFilter filter;
  private final IceRole role;
  private final ScheduledExecutorService scheduler;
  private final ThreadFactory ioThreads;
  private final Ice4jAgentSetup ice;
  private final MediaLoops ownLoop; // null when the caller's
  private final Agent agent;
  private final IceMediaStream stream;
  private final Component component;
  private final List<IceCandidate> pendingRemote = new ArrayList<>();
  private String remoteUfrag;
  private boolean gathering;
  private final CompletableFuture<MediaPath> result = new CompletableFuture<>();
  private boolean connectCalled;
  private final IceStopwatch stopwatch = new IceStopwatch();
  private ScheduledFuture<?> watchdog;
  private BaseMediaPath path;
  private final PortPredictions predictions;
  private final AgentRelease release;
  private final UnselectedPortGuard held;
  private final PeerNominatedPair.Watch pairs;
  private PeerNomination peerNomination = PeerNomination.none();
  private volatile java.util.function.Consumer<EarlyKeyingPath> earlyKeying = path -> {};

  /**
   * A session on a media loop of its own (one thread, {@code peervoice-ice-loop}), stopped when the
   * session closes: for tools, tests and warm-up; calls pass their loop.
   */
  public Ice4jSession(
      IceConfig config, IceRole role, ScheduledExecutorService scheduler, ThreadFactory ioThreads)
      throws IceException {
    this(config, role, scheduler, ioThreads, null, MediaLoops.create(1, "peervoice-ice-loop"));
  }

  /**
   * @param loop where the host candidates' ports live, and a direct path's media is handled
   */
  public Ice4jSession(
      IceConfig config,
      IceRole role,
      ScheduledExecutorService scheduler,
      ThreadFactory ioThreads,
      MediaLoop loop)
      throws IceException {
    this(config, role, scheduler, ioThreads, loop, null);
  }

  private Ice4jSession(
      IceConfig config,
      IceRole role,
      ScheduledExecutorService scheduler,
      ThreadFactory ioThreads,
      MediaLoop loop,
      MediaLoops ownLoop)
      throws IceException {
    this.ownLoop = ownLoop;
    this.config = config;
    this.filter = new CandidateFilter(config);
    this.role = role;
    this.scheduler = scheduler;
    this.ioThreads = ioThreads;
    try {
      this.ice = Ice4jAgentSetup.create(config, role, loop != null ? loop : ownLoop.next());
    } catch (IceException e) {
      if (ownLoop != null) {
        ownLoop.close();
      }
      throw e;
    }
    this.agent = ice.agent();
    this.stream = ice.stream();
    this.component = ice.component();
    this.predictions = PortPredictions.of(config, ice);
    this.release = new AgentRelease(ice, filter);
    this.held = new UnselectedPortGuard(ice.hosts().ports());
    agent.addStateChangeListener(this::onStateChange);
    this.pairs = new PeerNominatedPair.Watch(stopwatch::pairValidated); // S10: and the pairs seen
    stream.addPairChangeListener(pairs);
    ice.nominator().onDirectNomination(pair -> post(() -> onNominated(pair)));
  }

  /** The ice4j agent, for tests that check how it was configured. */
  Agent agent() {
    return agent;
  }

  /** The host candidates' ports, for tests. */
  List<HostPort> hostPorts() {
    return ice.hosts().ports();
  }

  @Override
  public IceRole role() {
    return role;
  }

  @Override
  public IceParameters localParameters() {
    return release.localParameters();
  }

  @Override
  public synchronized void gatherMore(TrickleListener listener) {
    if (gathering) {
      throw new IllegalStateException("gatherMore() may be called once per ICE session");
    }
    gathering = true;
    ice.hosts().startReaders(); // S20: STUN and TURN servers are asked through the host ports
    if (config.stunServers().isEmpty() && config.turnServers().isEmpty()) {
      post(listener::onEndOfCandidates);
      return;
    }
    Ice4jTrickle.start(agent, filter, ioThreads, this::post, listener, stopwatch::trickleDone);
  }

  @Override
  public synchronized void addRemoteCandidate(IceCandidate candidate) {
    if (candidate.component() != component.getComponentID() || result.isDone()) {
      return;
    }
    if (remoteUfrag == null) {
      pendingRemote.add(candidate);
      return;
    }
    var remote = Candidates.toRemote(candidate, component, remoteUfrag);
    component.addUpdateRemoteCandidates(remote);
    component.updateRemoteCandidates();
    ice.remoteNamed(remote); // S8: a trickled host candidate may be a waiting prflx pair's remote
  }

  @Override
  public synchronized CompletableFuture<MediaPath> connect(IceParameters remote) {
    if (connectCalled) {
      throw new IllegalStateException("connect() may be called once per ICE session");
    }
    connectCalled = true;
    ice.hosts().startReaders(); // S20: if not yet (our parameters given out start them first)
    if (result.isDone()) {
      return result;
    }
    try {
      stream.setRemoteUfrag(remote.ufrag());
      stream.setRemotePassword(remote.password());
      remoteUfrag = remote.ufrag();
      List<IceCandidate> all = new ArrayList<>(remote.candidates());
      all.addAll(pendingRemote);
      pendingRemote.clear();
      for (IceCandidate c : all) {
        if (c.component() == component.getComponentID()) {
          var r = Candidates.toRemote(c, component, remote.ufrag());
          component.addRemoteCandidate(r);
          ice.remoteNamed(r);
        }
      }
    } catch (IllegalArgumentException e) {
      fail(IceStep.REMOTE_PARAMETERS, "remote candidate unusable: " + e.getMessage());
      return result;
    }
    peerNomination = PeerNomination.of(config, ice, remote, this::post, this::onPeer, this::offer);
    stopwatch.checksStarted();
    long timeoutMs = config.connectTimeout().toMillis();
    watchdog = scheduler.schedule(() -> timedOut(timeoutMs), timeoutMs, TimeUnit.MILLISECONDS);
    predictions.connecting(remote);
    agent.startConnectivityEstablishment();
    return result;
  }

  @Override
  public void answered() {
    predictions.answered();
  }

  @Override
  public void onEarlyKeyingPath(java.util.function.Consumer<EarlyKeyingPath> listener) {
    this.earlyKeying = listener;
  }

  private void offer(EarlyKeyingPath path) { // S19: before a path is selected only
    if (!result.isDone()) {
      earlyKeying.accept(path);
    }
  }

  private void onStateChange(PropertyChangeEvent event) {
    Object state = event.getNewValue();
    if (state == IceProcessingState.COMPLETED || state == IceProcessingState.TERMINATED) {
      if (!result.isDone()) { // S9 web: no 403 until our STUN has the pair (not if taken early)
        held.holdAll();
      }
      post(this::onCompleted);
    } else if (state == IceProcessingState.FAILED) {
      String why = "every candidate pair failed its connectivity checks";
      post(() -> fail(IceStep.CONNECTIVITY_CHECKS, why));
    }
  }

  /** Leaves ice4j's thread at once: its listeners must never block or call back into the agent. */
  private void post(Runnable task) {
    try {
      scheduler.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("scheduler shut down; ICE event dropped");
    }
  }

  private synchronized void onCompleted() {
    if (result.isDone()) {
      return;
    }
    CandidatePair pair = component.getSelectedPair();
    if (pair == null) {
      fail(IceStep.CONNECTIVITY_CHECKS, "ICE ended without a selected pair");
      return;
    }
    if (!agent.isControlling()) { // S9 web: the pair an aggressively nominating peer will keep
      pair = PeerNominatedPair.ofCheckList(pairs.pairs(stream), pair, ice.hosts().ports());
    }
    select(pair, AGENT_GRACE_MILLIS);
  }

  /** Controlling: the direct pair nominated as it turned valid carries media at once (§12.1). */
  private synchronized void onNominated(CandidatePair pair) {
    if (!result.isDone() && pair.isNominated() && agent.isControlling()) {
      stopwatch.pairValidated(); // its own listener may come later: ice4j's thread is still on it
      log.debug("sending on {}, nominated, not yet confirmed", pair.toShortString());
      select(pair, NOMINATED_AGENT_GRACE_MILLIS);
    }
  }

  /** Controlled: the peer nominated a pair valid for us: it carries media at once (§7.3.1.5). */
  private synchronized void onPeer(HostPort port, java.net.InetSocketAddress from) {
    if (!result.isDone() && !agent.isControlling()) {
      PeerNomination.validPair(stream, port, from, ice.hosts().ports())
          .ifPresent(pair -> select(pair, AGENT_GRACE_MILLIS));
    }
  }

  /** Builds the media path over {@code pair}, completes the session, later frees the agent. */
  private void select(CandidatePair pair, long graceMillis) {
    peerNomination.stop();
    long connectNanos = stopwatch.sinceChecksNanos();
    try {
      path =
          SelectedPaths.create(ice, config, pair, connectNanos, ioThreads, scheduler, this::close);
    } catch (RuntimeException e) {
      log.warn("could not set up the media path over {}", pair.toShortString(), e);
      fail(IceStep.CONNECTIVITY_CHECKS, "media path set-up failed: " + e);
      return;
    }
    long readyNanos = stopwatch.sinceChecksNanos();
    cancelWatchdog();
    path.setTimings(stopwatch.timings(ice.hostGatheringMillis(), connectNanos, readyNanos));
    log.debug(
        "ICE connected in {} ms over {}, path ready {} us later",
        connectNanos / 1_000_000,
        pair.toShortString(),
        (readyNanos - connectNanos) / 1_000);
    result.complete(predictions.onSelected(path));
    release.afterSelection(
        path, pair, graceMillis > AGENT_GRACE_MILLIS, graceMillis, scheduler, held);
  }

  private void timedOut(long timeoutMs) {
    String counts =
        component.getLocalCandidateCount() + " local, " + component.getRemoteCandidateCount();
    fail(
        IceStep.TIMEOUT,
        "no candidate pair nominated within %d ms (%s remote candidates)"
            .formatted(timeoutMs, counts));
  }

  private synchronized void fail(IceStep step, String message) {
    if (!result.isDone()) {
      cancelWatchdog();
      peerNomination.stop();
      predictions.close(); // its sockets, timers and consent checks end with the attempt
      result.completeExceptionally(new IceException(step, message));
    }
  }

  private void cancelWatchdog() {
    if (watchdog != null) {
      watchdog.cancel(false);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      fail(IceStep.CLOSED, "ICE session closed before it connected");
      predictions.close();
      if (path != null) {
        path.stopReceiving();
        path.stopConsent();
      }
    }
    release.release(null);
    if (ownLoop != null) {
      ownLoop.close();
    }
  }
}
