package io.peervoice.nat.internal.stun;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consent freshness for a selected pair (RFC 7675 <a
 * href="https://www.rfc-editor.org/rfc/rfc7675#section-5.1">§5.1</a>): a Binding request to the
 * remote every interval (randomized 0.8-1.2x), each with a new transaction id and the ICE
 * attributes (PRIORITY, ICE-CONTROLLING + USE-CANDIDATE or ICE-CONTROLLED, USERNAME,
 * MESSAGE-INTEGRITY with the remote password, FINGERPRINT), never retransmitted. A response
 * refreshes consent when its transaction is outstanding, it comes from the remote, and its
 * MESSAGE-INTEGRITY verifies with the remote password; any outstanding request's response counts.
 * After {@code consentExpiry} without one, consent is lost and requests stop. Runs on its
 * scheduler's thread only.
 */
final class ConsentFreshness {
  private static final Logger log = LoggerFactory.getLogger(ConsentFreshness.class);

  private final DirectStunConfig config;
  private final StunCounters counters;
  private final MessageIntegrity integrity;
  private final OutstandingTransactions outstanding;
  private final List<StunAttribute> attributes;
  private final long intervalMillis;
  private final long expiryMillis;
  private volatile long lastFreshMillis;
  private volatile long startedMillis = Long.MAX_VALUE;
  private volatile ScheduledFuture<?> next;
  private volatile boolean stopped;

  ConsentFreshness(DirectStunConfig config, StunCounters counters) {
    this.config = config;
    this.counters = counters;
    this.integrity = new MessageIntegrity(config.credentials().remoteKey());
    this.outstanding = new OutstandingTransactions(config.maxOutstanding());
    this.intervalMillis = config.consentInterval().toMillis();
    this.expiryMillis = config.consentExpiry().toMillis();
    this.lastFreshMillis = config.freshSince();
    List<StunAttribute> a = new ArrayList<>(5);
    a.add(StunAttributes.u32(StunAttributes.PRIORITY, config.priority()));
    if (config.role() == io.peervoice.nat.IceRole.CONTROLLING) {
      a.add(StunAttributes.u64(StunAttributes.ICE_CONTROLLING, config.tieBreaker()));
      if (config.useCandidate()) {
        a.add(StunAttributes.flag(StunAttributes.USE_CANDIDATE));
      }
    } else {
      a.add(StunAttributes.u64(StunAttributes.ICE_CONTROLLED, config.tieBreaker()));
    }
    a.add(StunAttributes.username(config.credentials().outgoingUsername()));
    this.attributes = List.copyOf(a);
  }

  /** Sends the first request now and schedules the next. On the scheduler thread. */
  void start() {
    if (stopped || startedMillis != Long.MAX_VALUE) {
      return;
    }
    startedMillis = config.wallClockMillis().getAsLong();
    tick();
  }

  /** Sends no more requests; later responses are not accepted. Any thread. */
  void stop() {
    stopped = true;
    ScheduledFuture<?> f = next;
    if (f != null) {
      f.cancel(false);
    }
  }

  /** The wall-clock time of the last valid response, or {@code freshSince} (negative: none). */
  long lastFreshMillis() {
    return lastFreshMillis;
  }

  /** Whether consent has been lost (§5.1): started, and no valid response for the expiry. */
  boolean expired(long nowMillis) {
    long since = Math.max(lastFreshMillis, startedMillis);
    return startedMillis != Long.MAX_VALUE && nowMillis - since >= expiryMillis;
  }

  private void tick() {
    if (stopped) {
      return;
    }
    long now = config.wallClockMillis().getAsLong();
    outstanding.expireBefore(now - expiryMillis);
    if (expired(now)) {
      log.debug(
          "consent to {} expired: no valid response for {} ms", config.remote(), expiryMillis);
      stopped = true;
      return;
    }
    byte[] tid = new byte[12];
    config.random().nextBytes(tid);
    byte[] request =
        StunCodec.encode(
            StunMessage.of(StunMessage.BINDING, StunClass.REQUEST, tid, attributes),
            integrity,
            true);
    outstanding.add(tid, now);
    counters.consentRequestsSent++;
    config.sender().send(request, 0, request.length, config.remote());
    long delay = Math.round(intervalMillis * (0.8 + 0.4 * config.random().nextDouble()));
    try {
      next = config.scheduler().schedule(this::tick, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("consent to {} ends: its scheduler is shut down", config.remote());
      stopped = true;
    }
  }

  /**
   * A Binding response (success or error) that may answer one of our requests. Drops and counts
   * what does not qualify. On the scheduler thread.
   */
  void onResponse(DecodedStun decoded, byte[] data, int offset, InetSocketAddress from) {
    StunMessage m = decoded.message();
    if (stopped || !from.equals(config.remote()) || !outstanding.contains(m.transactionId())) {
      counters.droppedUnexpected++;
      return;
    }
    if (!decoded.hasIntegrity() || !integrity.verify(data, offset, decoded)) {
      counters.droppedUnauthenticated++;
      return;
    }
    outstanding.remove(m.transactionId());
    if (m.messageClass() == StunClass.ERROR_RESPONSE) {
      counters.consentErrorResponses++;
      log.debug("consent request to {} got an error response", config.remote());
      return;
    }
    lastFreshMillis = config.wallClockMillis().getAsLong();
    counters.consentResponses++;
    config.onConsent().run();
  }

  /** How many requests await a response (bounded by {@code maxOutstanding}). */
  int outstanding() {
    return outstanding.size();
  }
}
