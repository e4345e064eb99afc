package io.peervoice.sdk.internal;

import io.peervoice.sdk.IncomingLimits;
import io.peervoice.signaling.PeerId;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Decides whether an incoming invite may ring, by the phone's {@link IncomingLimits}: per-caller
 * and total caps on concurrent incoming calls, and token-bucket rates per caller and over all
 * strangers, on an injected clock. Every decision costs O(1): the per-caller table is bounded
 * ({@code maxCallers}, least recently active first out, and only once that caller's bucket has
 * refilled), and when it is full of active callers a new caller is refused rather than an old one
 * forgotten. Not thread-safe: used on the phone's signaling thread.
 */
public final class Admission {

  /** Why an invite was refused; {@link #busy()} ones are answered BUSY, the rest REJECTED. */
  public enum Refusal {
    CALLER_CALLS(true),
    TOTAL_CALLS(true),
    CALLER_RATE(false),
    OVERALL_RATE(false),
    TOO_MANY_CALLERS(false);

    private final boolean busy;

    Refusal(boolean busy) {
      this.busy = busy;
    }

    public boolean busy() {
      return busy;
    }
  }

  /** Callers whose rate is tracked at once. */
  public static final int DEFAULT_MAX_CALLERS = 1_024;

  private final IncomingLimits limits;
  private final LongSupplier nanoClock;
  private final int maxCallers;
  private final Map<PeerId, TokenBucket> callers = new LinkedHashMap<>(64, 0.75f, true);
  private final TokenBucket overall;
  private final TokenBucket replies;
  private final Map<Refusal, Long> refused = new EnumMap<>(Refusal.class);
  private long admitted;

  public Admission(IncomingLimits limits, LongSupplier nanoClock) {
    this(limits, nanoClock, DEFAULT_MAX_CALLERS);
  }

  public Admission(IncomingLimits limits, LongSupplier nanoClock, int maxCallers) {
    this.limits = limits;
    this.nanoClock = nanoClock;
    this.maxCallers = maxCallers;
    long now = nanoClock.getAsLong();
    this.overall = bucket(limits.overallRate(), now);
    this.replies = bucket(limits.refusalRate(), now);
  }

  private static TokenBucket bucket(IncomingLimits.Rate rate, long now) {
    return new TokenBucket(rate.invites(), rate.period().toNanos(), now);
  }

  /**
   * Admits or refuses an invite from {@code caller}, who has {@code callerCalls} incoming calls
   * with us now, while we have {@code totalCalls} incoming calls in all. Admitting takes a token
   * from the caller's bucket (and, for a stranger, the overall one); refusing takes none.
   *
   * @return null if the invite may ring
   */
  public Refusal admit(PeerId caller, boolean contact, int callerCalls, int totalCalls) {
    Refusal r = decide(caller, contact, callerCalls, totalCalls);
    if (r == null) {
      admitted++;
    } else {
      refused.merge(r, 1L, Long::sum);
    }
    return r;
  }

  private Refusal decide(PeerId caller, boolean contact, int callerCalls, int totalCalls) {
    if (callerCalls >= limits.maxCallsPerCaller()) {
      return Refusal.CALLER_CALLS;
    }
    if (!contact && totalCalls >= limits.maxCalls()) {
      return Refusal.TOTAL_CALLS;
    }
    long now = nanoClock.getAsLong();
    TokenBucket own = callers.get(caller);
    if (own == null) {
      if (callers.size() >= maxCallers && !evictIdle(now)) {
        return Refusal.TOO_MANY_CALLERS;
      }
      own = bucket(limits.callerRate(), now);
      callers.put(caller, own);
    }
    if (!own.available(now)) {
      return Refusal.CALLER_RATE;
    }
    if (!contact && !overall.take(now)) {
      return Refusal.OVERALL_RATE;
    }
    own.take(now);
    return null;
  }

  /** Forgets the least recently active caller if its bucket has refilled; looks at a few only. */
  private boolean evictIdle(long now) {
    Iterator<TokenBucket> it = callers.values().iterator();
    for (int looked = 0; looked < 4 && it.hasNext(); looked++) {
      if (it.next().full(now)) {
        it.remove();
        return true;
      }
    }
    return false;
  }

  /** Whether a refusal may be answered now (the refusal rate); not answering is counted. */
  public boolean mayAnswerRefusal() {
    return replies.take(nanoClock.getAsLong());
  }

  public long admitted() {
    return admitted;
  }

  public long refused(Refusal why) {
    return refused.getOrDefault(why, 0L);
  }

  public long refused() {
    return refused.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Callers whose rate is tracked now. */
  public int trackedCallers() {
    return callers.size();
  }
}
