package io.peervoice.nat.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controlling agent's nomination (RFC 8445 <a
 * href="https://www.rfc-editor.org/rfc/rfc8445#section-8.1.1">§8.1.1</a>: the controlling agent
 * picks when to stop and which valid pair to nominate). A direct pair (host or server reflexive at
 * both ends) is nominated as soon as it is valid, as before. A pair through a relay is not: after
 * the first valid relayed pair the agent waits {@link #RELAY_GRACE} for better pairs, then
 * nominates the valid pair of highest priority. The relays' priorities rank a TURN server reached
 * over UDP above TCP above TLS (local preferences; {@code StreamRelayedCandidate}), so where UDP
 * reaches the TURN server a stream relay no longer wins just because its allocation, and so its
 * checks, came first; a direct pair that turns valid during the wait is nominated at once. The wait
 * costs at most {@link #RELAY_GRACE} on relayed calls only, and ICE runs while the callee's phone
 * rings.
 *
 * <p>Why a grace period rather than harvesting stream relays only when UDP to the same server
 * fails: that needs a UDP verdict first, and a network that drops UDP gives none until a timeout
 * (hundreds of ms to seconds), which every call from a UDP-blocking network would pay; the grace
 * period costs nothing there beyond itself, and still allocates the stream relay in parallel.
 *
 * <p>Only while the agent is controlling: the role may change after a 487 role conflict (RFC 8445
 * <a href="https://www.rfc-editor.org/rfc/rfc8445#section-7.3.1.1">§7.3.1.1</a>), so the nominator
 * is attached to every agent and asks {@code controlling} at each step.
 *
 * <p>Thread-safe: pairs are reported from ice4j's threads, the timer runs on {@code timers}.
 *
 * @param <P> the pair type (ice4j's {@code CandidatePair}; a plain value in tests)
 */
final class RelayGraceNominator<P> {
  private static final Logger log = LoggerFactory.getLogger(RelayGraceNominator.class);

  /** The wait for better pairs after the first valid relayed pair. */
  static final Duration RELAY_GRACE = Duration.ofMillis(200);

  /** Remote addresses the peer named as direct that are remembered at most (S8). */
  static final int MAX_DIRECT_REMOTES = 64;

  /**
   * A valid pair as nomination sees it.
   *
   * @param relayed whether the pair waits for the grace period: not host or server reflexive at
   *     both ends (a peer-reflexive remote may be the peer's relay)
   * @param remote the remote's transport address (S8: a peer-reflexive remote that the peer names
   *     as its host or server-reflexive candidate is direct), or null
   */
  record Valid<P>(P pair, long priority, boolean relayed, Object remote) {
    Valid(P pair, long priority, boolean relayed) {
      this(pair, priority, relayed, null);
    }
  }

  private final ScheduledExecutorService timers;
  private final BooleanSupplier controlling;
  private final Consumer<P> nominate;
  private final List<Valid<P>> valid = new ArrayList<>(); // guarded by this
  private ScheduledFuture<?> grace; // guarded by this
  private boolean done; // guarded by this
  private boolean freed; // guarded by this
  private final java.util.Set<Object> directRemotes = new java.util.HashSet<>(); // guarded by this
  private volatile Consumer<P> directNominated = pair -> {};

  /**
   * @param controlling whether the agent is controlling now (ice4j: {@code Agent.isControlling})
   * @param nominate nominates a pair (ice4j: {@code Agent.nominate}); called once, outside the lock
   */
  RelayGraceNominator(
      ScheduledExecutorService timers, BooleanSupplier controlling, Consumer<P> nominate) {
    this.timers = timers;
    this.controlling = controlling;
    this.nominate = nominate;
  }

  /**
   * Tells {@code listener} of a direct pair nominated the moment it was known valid and direct (not
   * after a relay grace), right after {@code nominate}: a controlling agent may send on it at once
   * (RFC 8445 <a href="https://www.rfc-editor.org/rfc/rfc8445#section-12.1">§12.1</a>), a round
   * trip before the nomination's response. Called at most once, on the caller's thread.
   */
  void onDirectNomination(Consumer<P> listener) {
    directNominated = java.util.Objects.requireNonNull(listener);
  }

  /** A pair turned valid. */
  void validated(Valid<P> pair) {
    P now = null;
    synchronized (this) {
      if (done || freed) {
        return;
      }
      if (!pair.relayed() || directRemotes.contains(pair.remote())) {
        if (!controlling.getAsBoolean()) {
          return; // the controlled side does not nominate; the pair is not kept: not needed
        }
        done = true;
        now = pair.pair();
      } else {
        valid.add(pair);
        if (grace == null) {
          try {
            grace = timers.schedule(this::graceOver, RELAY_GRACE.toMillis(), TimeUnit.MILLISECONDS);
          } catch (RejectedExecutionException e) {
            log.warn("relay grace not scheduled (timers shut down): {}", e.toString());
          }
        }
      }
    }
    if (now != null) {
      nominate.accept(now);
      directNominated.accept(now);
    }
  }

  /**
   * S8: the peer named {@code remote} as its host or server-reflexive candidate (trickled after its
   * checks reached us, as a browser's do). A valid pair waiting for the grace only because its
   * remote was peer-reflexive at that address is direct after all: nominated now (if controlling),
   * and a pair validated later with that remote does not wait. Remembers at most {@value
   * #MAX_DIRECT_REMOTES} addresses.
   */
  void directRemote(Object remote) {
    P now = null;
    ScheduledFuture<?> pending = null;
    synchronized (this) {
      if (done || freed || remote == null) {
        return;
      }
      if (directRemotes.size() < MAX_DIRECT_REMOTES) {
        directRemotes.add(remote);
      }
      if (!controlling.getAsBoolean()) {
        return;
      }
      for (Valid<P> v : valid) {
        if (remote.equals(v.remote())) {
          now = v.pair();
          done = true;
          pending = grace;
          grace = null;
          break;
        }
      }
    }
    if (pending != null) {
      pending.cancel(false);
    }
    if (now != null) {
      log.debug("nominating {}: its peer-reflexive remote is the peer's direct candidate", now);
      nominate.accept(now);
      directNominated.accept(now);
    }
  }

  private void graceOver() {
    try {
      Valid<P> best;
      int count;
      synchronized (this) {
        grace = null;
        if (done || freed || valid.isEmpty() || !controlling.getAsBoolean()) {
          return;
        }
        done = true;
        count = valid.size();
        best = valid.stream().max(Comparator.comparingLong(Valid::priority)).orElseThrow();
      }
      log.debug("nominating the best of {} valid relayed pairs: {}", count, best.pair());
      nominate.accept(best.pair());
    } catch (RuntimeException e) {
      log.warn("nominating after the relay grace failed", e);
    }
  }

  /** Stops: the grace timer is cancelled and nothing is nominated any more. Idempotent. */
  void free() {
    ScheduledFuture<?> pending;
    synchronized (this) {
      freed = true;
      pending = grace;
      grace = null;
    }
    if (pending != null) {
      pending.cancel(false);
    }
  }

  /** Whether a pair was nominated. */
  synchronized boolean nominated() {
    return done;
  }
}
