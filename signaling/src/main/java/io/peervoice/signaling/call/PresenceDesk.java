package io.peervoice.signaling.call;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.TokenBucket;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * S6 presence: decides whether a phone answers a {@link CallMessage.PresenceProbe} ({@code
 * docs/presence.md}). Checked cheapest first: the probe must name us ({@link Verdict#RETARGETED}),
 * be within {@link #MAX_SKEW_MILLIS} of our clock ({@link Verdict#STALE}), not be one we answered
 * already ({@link Verdict#REPLAYED}: a node may send a sealed message again, and a replay must
 * neither be answered nor spend the asker's rate), be allowed by the {@link PresencePolicy} ({@link
 * Verdict#NOT_ALLOWED}), and be within the rate limits ({@link Verdict#OVER_RATE}): {@link
 * #PER_ASKER} answers per asker and {@link #OVERALL} for all askers together. Only askers the
 * policy allows take a place in the rate table, which holds at most {@link #MAX_ASKERS} (the one
 * that asked least recently is forgotten first). Every verdict but {@link Verdict#ANSWER} means
 * silence. Pure logic on an injected clock; not thread-safe (the phone's signaling thread drives
 * it).
 */
public final class PresenceDesk {
  /** The most askers whose rate is tracked. */
  public static final int MAX_ASKERS = 256;

  /** How far a probe's timestamp may be from our clock. */
  public static final long MAX_SKEW_MILLIS = 60_000;

  /**
   * The most answered probe ids remembered against replay, each until a copy would be {@link
   * Verdict#STALE}; the {@link #OVERALL} rate answers at most 30 + 3 per second over the 120 s that
   * an id can stay fresh (390), so none is forgotten early.
   */
  public static final int MAX_ANSWERED = 512;

  /** Answers per asker: a burst of 3, refilled at 3 per 30 s. */
  public static final IncomingLimits.Rate PER_ASKER =
      new IncomingLimits.Rate(3, java.time.Duration.ofSeconds(30));

  /** Answers to all askers together: 30 per 10 s. */
  public static final IncomingLimits.Rate OVERALL =
      new IncomingLimits.Rate(30, java.time.Duration.ofSeconds(10));

  /** What the desk decided about one probe. */
  public enum Verdict {
    ANSWER,
    RETARGETED,
    STALE,
    REPLAYED,
    NOT_ALLOWED,
    OVER_RATE
  }

  private final byte[] self;
  private final LongSupplier nanos;
  private final Map<PeerId, TokenBucket> askers = new LinkedHashMap<>(64, 0.75f, true);
  private final TokenBucket overall;
  private final Map<CallId, Long> answered = new LinkedHashMap<>(); // id -> when a copy is stale
  private final Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);

  /** A desk for the phone {@code self}, its rate limits on the clock {@code nanos}. */
  public PresenceDesk(PeerId self, LongSupplier nanos) {
    this.self = self.bytes();
    this.nanos = nanos;
    this.overall = bucket(OVERALL, nanos.getAsLong());
  }

  private static TokenBucket bucket(IncomingLimits.Rate rate, long now) {
    return new TokenBucket(rate.invites(), rate.period().toNanos(), now);
  }

  /**
   * Decides about {@code probe} from {@code from} (whose signature the overlay checked), at wall
   * clock {@code nowMillis}, under {@code policy}; {@code contact} says whether the asker is one of
   * our contacts. Counts the verdict.
   */
  public Verdict decide(
      PeerId from,
      CallMessage.PresenceProbe probe,
      long nowMillis,
      PresencePolicy policy,
      boolean contact) {
    Verdict v = verdict(from, probe, nowMillis, policy, contact);
    counts.merge(v, 1L, Long::sum);
    return v;
  }

  private Verdict verdict(
      PeerId from,
      CallMessage.PresenceProbe probe,
      long nowMillis,
      PresencePolicy policy,
      boolean contact) {
    if (!Arrays.equals(probe.target(), self)) {
      return Verdict.RETARGETED;
    }
    long skew = nowMillis - probe.timestampMillis(); // two tests: Math.abs(MIN_VALUE) < 0
    if (skew > MAX_SKEW_MILLIS || skew < -MAX_SKEW_MILLIS) {
      return Verdict.STALE;
    }
    forgetAnswered(nowMillis);
    if (answered.containsKey(probe.callId())) {
      return Verdict.REPLAYED;
    }
    if (!policy.allows(contact)) {
      return Verdict.NOT_ALLOWED;
    }
    long now = nanos.getAsLong();
    TokenBucket own = askers.get(from);
    if (own == null) {
      forgetOne(now);
      own = bucket(PER_ASKER, now);
      askers.put(from, own);
    }
    if (!own.available(now) || !overall.available(now)) {
      return Verdict.OVER_RATE;
    }
    own.take(now);
    overall.take(now);
    if (answered.size() >= MAX_ANSWERED) {
      Iterator<Long> eldest = answered.values().iterator();
      eldest.next();
      eldest.remove();
    }
    answered.put(probe.callId(), probe.timestampMillis() + MAX_SKEW_MILLIS);
    return Verdict.ANSWER;
  }

  /** Forgets the answered ids, oldest first, whose copies would now be stale. */
  private void forgetAnswered(long nowMillis) {
    Iterator<Long> it = answered.values().iterator();
    while (it.hasNext() && it.next() < nowMillis) {
      it.remove();
    }
  }

  /** Makes room for one more asker: an idle (full) one first, else the least recent. */
  private void forgetOne(long now) {
    if (askers.size() < MAX_ASKERS) {
      return;
    }
    Iterator<TokenBucket> it = askers.values().iterator();
    while (it.hasNext()) {
      if (it.next().full(now)) {
        it.remove();
        return;
      }
    }
    it = askers.values().iterator();
    it.next();
    it.remove();
  }

  /** How many probes got {@code verdict}. */
  public long count(Verdict verdict) {
    return counts.getOrDefault(verdict, 0L);
  }

  /** Answered probe ids remembered against replay (at most {@link #MAX_ANSWERED}). */
  public int remembered() {
    return answered.size();
  }

  /** Askers whose rate is tracked now (at most {@link #MAX_ASKERS}). */
  public int tracked() {
    return askers.size();
  }
}
