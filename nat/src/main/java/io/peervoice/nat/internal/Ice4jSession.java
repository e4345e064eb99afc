package io.peervoice.nat.internal;

import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceException;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceSession;
import io.peervoice.nat.IceStep;
import io.peervoice.nat.IceTimings;
import io.peervoice.nat.MediaPath;
import io.peervoice.nat.PortRange;
import io.peervoice.nat.StunServer;
import io.peervoice.nat.TrickleListener;
import io.peervoice.nat.TurnServer;
import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.NominationStrategy;
import org.ice4j.ice.harvest.StunCandidateHarvester;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.security.LongTermCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An {@link IceSession} over one ice4j {@link Agent} with a single RTP component. */
public final class Ice4jSession implements IceSession {
  private static final Logger log = LoggerFactory.getLogger(Ice4jSession.class);

  private final IceConfig config;
  private final CandidateFilter filter;
  private final IceRole role;
  private final ScheduledExecutorService scheduler;
  private final ThreadFactory ioThreads;
  private final Agent agent;
  private final IceMediaStream stream;
  private final Component component;
  private final List<IceCandidate> pendingRemote = new java.util.ArrayList<>();
  private String remoteUfrag;
  private boolean gathering;
  private final CompletableFuture<MediaPath> result = new CompletableFuture<>();
  private boolean connectCalled;
  private long checksStartedNanos;
  private final long hostGatheringMillis;
  private volatile long trickleMillis = -1;
  private volatile long firstValidNanos = -1;
  private ScheduledFuture<?> watchdog;
  private Ice4jMediaPath path;

  public Ice4jSession(
      IceConfig config, IceRole role, ScheduledExecutorService scheduler, ThreadFactory ioThreads)
      throws IceException {
    Ice4jRuntime.ensureConfigured();
    this.config = config;
    this.filter = new CandidateFilter(config);
    this.role = role;
    this.scheduler = scheduler;
    this.ioThreads = ioThreads;
    this.agent = new Agent();
    long gatherStart = System.nanoTime();
    try {
      agent.setControlling(role == IceRole.CONTROLLING);
      agent.setTrickling(true);
      agent.setPerformConsentFreshness(true);
      agent.setUseDynamicPorts(true);
      agent.setTa(pacing(config));
      agent.setNominationStrategy(NominationStrategy.NOMINATE_FIRST_VALID);
      for (StunServer stun : config.stunServers()) {
        agent.addCandidateHarvester(
            new StunCandidateHarvester(
                new TransportAddress(stun.host(), stun.port(), Transport.UDP)));
      }
      for (TurnServer turn : config.turnServers()) {
        agent.addCandidateHarvester(
            new TurnCandidateHarvester(
                new TransportAddress(turn.host(), turn.port(), Transport.UDP),
                new LongTermCredential(turn.username(), turn.password())));
      }
      stream = agent.createMediaStream("audio");
      component = createComponent(agent, stream, config);
    } catch (IOException | IllegalArgumentException e) {
      agent.free();
      throw new IceException(
          IceStep.GATHERING, "could not bind local candidates: " + e.getMessage(), e);
    }
    hostGatheringMillis = (System.nanoTime() - gatherStart) / 1_000_000;
    agent.addStateChangeListener(this::onStateChange);
    stream.addPairChangeListener(
        event -> {
          if (IceMediaStream.PROPERTY_PAIR_VALIDATED.equals(event.getPropertyName())
              && firstValidNanos < 0) {
            firstValidNanos = System.nanoTime();
          }
        });
  }

  /** Host candidates on any free port, or in the configured range starting at a random port. */
  private static Component createComponent(Agent agent, IceMediaStream stream, IceConfig config)
      throws IOException {
    if (config.portRange().isEmpty()) {
      return agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
    }
    PortRange range = config.portRange().get();
    // ice4j tries the preferred port, then the next ones (wrapping to min) up to 50 times.
    int preferred = range.min() + ThreadLocalRandom.current().nextInt(range.size());
    return agent.createComponent(
        stream, preferred, range.min(), range.max(), KeepAliveStrategy.SELECTED_ONLY, false);
  }

  /** Ta: at least 20 ms beside relays, lest a relay validate first while a hole is punched. */
  static long pacing(IceConfig config) {
    long ta = config.checkPacing().toMillis();
    return config.turnServers().isEmpty() || config.relayOnly() ? ta : Math.max(ta, 20);
  }

  /** The ice4j agent, for tests that check how it was configured. */
  Agent agent() {
    return agent;
  }

  @Override
  public IceRole role() {
    return role;
  }

  @Override
  public IceParameters localParameters() {
    List<IceCandidate> candidates =
        component.getLocalCandidates().stream()
            .sorted((a, b) -> Long.compare(b.getPriority(), a.getPriority()))
            .map(Candidates::toRecord)
            .filter(filter::offers)
            .toList();
    return new IceParameters(agent.getLocalUfrag(), agent.getLocalPassword(), candidates);
  }

  @Override
  public synchronized void gatherMore(TrickleListener listener) {
    if (gathering) {
      throw new IllegalStateException("gatherMore() may be called once per ICE session");
    }
    gathering = true;
    if (config.stunServers().isEmpty() && config.turnServers().isEmpty()) {
      post(listener::onEndOfCandidates);
      return;
    }
    long trickleStart = System.nanoTime();
    Thread harvest =
        ioThreads.newThread(
            () -> {
              try {
                agent.startCandidateTrickle(
                    found -> {
                      if (found == null) {
                        trickleMillis = (System.nanoTime() - trickleStart) / 1_000_000;
                        post(listener::onEndOfCandidates);
                      } else {
                        for (LocalCandidate c : found) {
                          IceCandidate candidate = Candidates.toRecord(c);
                          if (filter.offers(candidate)) {
                            post(() -> listener.onCandidate(candidate));
                          }
                        }
                      }
                    });
              } catch (IllegalStateException e) {
                log.debug("trickle gathering stopped: {}", e.getMessage());
                post(listener::onEndOfCandidates);
              }
            });
    harvest.setName("peervoice-ice-gather");
    harvest.setDaemon(true);
    harvest.start();
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
    component.addUpdateRemoteCandidates(Candidates.toRemote(candidate, component, remoteUfrag));
    component.updateRemoteCandidates();
  }

  @Override
  public synchronized CompletableFuture<MediaPath> connect(IceParameters remote) {
    if (connectCalled) {
      throw new IllegalStateException("connect() may be called once per ICE session");
    }
    connectCalled = true;
    if (result.isDone()) {
      return result;
    }
    try {
      stream.setRemoteUfrag(remote.ufrag());
      stream.setRemotePassword(remote.password());
      remoteUfrag = remote.ufrag();
      List<IceCandidate> all = new java.util.ArrayList<>(remote.candidates());
      all.addAll(pendingRemote);
      pendingRemote.clear();
      for (IceCandidate c : all) {
        if (c.component() == component.getComponentID()) {
          component.addRemoteCandidate(Candidates.toRemote(c, component, remote.ufrag()));
        }
      }
    } catch (IllegalArgumentException e) {
      fail(IceStep.REMOTE_PARAMETERS, "remote candidate unusable: " + e.getMessage());
      return result;
    }
    checksStartedNanos = System.nanoTime();
    long timeoutMs = config.connectTimeout().toMillis();
    watchdog =
        scheduler.schedule(
            () ->
                fail(
                    IceStep.TIMEOUT,
                    "no candidate pair nominated within %d ms (%d local, %d remote candidates)"
                        .formatted(
                            timeoutMs,
                            component.getLocalCandidateCount(),
                            component.getRemoteCandidateCount())),
            timeoutMs,
            TimeUnit.MILLISECONDS);
    agent.startConnectivityEstablishment();
    return result;
  }

  private void onStateChange(PropertyChangeEvent event) {
    Object state = event.getNewValue();
    if (state == IceProcessingState.COMPLETED || state == IceProcessingState.TERMINATED) {
      post(this::onCompleted);
    } else if (state == IceProcessingState.FAILED) {
      post(
          () ->
              fail(
                  IceStep.CONNECTIVITY_CHECKS,
                  "every candidate pair failed its connectivity checks"));
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
    long connectNanos = System.nanoTime() - checksStartedNanos;
    path =
        new Ice4jMediaPath(
            component,
            pair,
            connectNanos,
            ioThreads,
            scheduler,
            new ConsentMonitor(config.consentDisconnectAfter(), config.consentFailAfter()),
            this::close);
    cancelWatchdog();
    path.setTimings(
        new IceTimings(
            hostGatheringMillis,
            trickleMillis,
            firstValidNanos < 0
                ? -1
                : Math.max(0, firstValidNanos - checksStartedNanos) / 1_000_000,
            connectNanos / 1_000_000));
    log.debug("ICE connected in {} ms over {}", connectNanos / 1_000_000, pair.toShortString());
    result.complete(path);
  }

  private synchronized void fail(IceStep step, String message) {
    if (!result.isDone()) {
      cancelWatchdog();
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
      if (path != null) {
        path.stopReceiving();
        path.stopConsent();
      }
    }
    List<java.net.DatagramSocket> views = MultiplexedSockets.of(component);
    closeRelayedSockets();
    agent.free();
    MultiplexedSockets.release(views);
  }

  /**
   * Closes the TURN relayed candidates' sockets before {@link Agent#free()}. ice4j's free closes
   * them while holding its STUN stack's connector lock, and a relayed socket's send thread holds
   * the socket's queue lock while it waits for that connector lock: the two deadlocked when a
   * relayed session was closed while it was sending (seen in RelayedPathTest). Closed here first,
   * with no ice4j lock held, the send thread finishes its send and the socket closes.
   */
  private void closeRelayedSockets() {
    for (LocalCandidate c : component.getLocalCandidates()) {
      if (c instanceof org.ice4j.ice.RelayedCandidate relayed) {
        try {
          relayed.getCandidateIceSocketWrapper().close();
        } catch (RuntimeException e) {
          log.debug("closing a relayed candidate's socket failed: {}", e.toString());
        }
      }
    }
  }
}
