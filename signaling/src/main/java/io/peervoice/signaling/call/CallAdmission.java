package io.peervoice.signaling.call;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.TokenBucket;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Whether an incoming invite for a call we do not have may ring: the phone's admission rules in one
 * place, as pure logic (no I/O, no threads; time only from the injected nanosecond clock). Given
 * the invite's facts and a snapshot of the phone's calls, {@link #decide} returns one {@link
 * Decision}; the caller sends any answer and acts on it ({@code docs/calls.md}, "Checks before an
 * invite creates state", "Glare", "Call waiting").
 *
 * <p>The rules, in order (the first that refuses decides):
 *
 * <ol>
 *   <li><b>Limits</b>: the phone's calls at once, in and out, contacts' too ({@link
 *       Policy#maxCalls()}, {@link Reason#PHONE_CALLS}); then the {@link IncomingLimits}: incoming
 *       calls at once from this caller ({@link Reason#CALLER_CALLS}); incoming calls at once in
 *       all, for a stranger ({@link Reason#TOTAL_CALLS}); room in the bounded table of callers
 *       whose rate is tracked ({@link Reason#TOO_MANY_CALLERS}); the caller's token bucket ({@link
 *       Reason#CALLER_RATE}); the bucket shared by all strangers ({@link Reason#OVERALL_RATE}). A
 *       contact is refused only by its own per-caller limits. Passing takes a token from the
 *       caller's bucket (and a stranger's from the shared one) and counts as {@link #admitted()}; a
 *       refusal takes none. Refusals by a limit are answered (BUSY for the caps, REJECTED for the
 *       rest) only within the refusal rate; beyond it they are counted in {@link
 *       #refusalsUnanswered()} and not answered at all.
 *   <li><b>Glare</b>: our outgoing calls to the caller that are not yet {@link CallState#ACTIVE}.
 *       The smaller call id wins (both phones apply the same rule, so they agree): if any of ours
 *       is smaller than or equal to the invite's (unsigned, {@link CallId#compareTo}), the invite
 *       is refused {@link Reason#GLARE}; otherwise those calls of ours lose ({@link
 *       Decision#loseGlare()}).
 *   <li><b>Call waiting</b>: without it, an invite that arrives while we have any other call (those
 *       that lose glare to it aside) is refused {@link Reason#BUSY}; the calls that lost glare to
 *       it still end.
 * </ol>
 *
 * Glare and busy refusals are always answered and take no token of the refusal rate. Every decision
 * costs O(calls): the caller table is bounded ({@link Policy#maxCallers()}, least recently active
 * first out, and only once that caller's bucket has refilled), and when it is full of active
 * callers a new caller is refused rather than an old one forgotten. Not thread-safe: one thread
 * (the phone's signaling thread) decides and reads the counters.
 */
public final class CallAdmission {

  /** Callers whose rate is tracked at once, unless the policy says otherwise. */
  public static final int DEFAULT_MAX_CALLERS = 1_024;

  /** Why an invite was refused, for logs and stats. */
  public enum Reason {
    /** The phone holds its {@link Policy#maxCalls()} calls (in and out, contacts' too). */
    PHONE_CALLS(true, EndReason.BUSY),
    /**
     * Too many incoming calls at once from this caller ({@link IncomingLimits#maxCallsPerCaller}).
     */
    CALLER_CALLS(true, EndReason.BUSY),
    /** Too many incoming calls at once in all, for a stranger ({@link IncomingLimits#maxCalls}). */
    TOTAL_CALLS(true, EndReason.BUSY),
    /** The caller's invites came faster than {@link IncomingLimits#callerRate}. */
    CALLER_RATE(true, EndReason.REJECTED),
    /** All strangers' invites together came faster than {@link IncomingLimits#overallRate}. */
    OVERALL_RATE(true, EndReason.REJECTED),
    /** The table of callers whose rate is tracked is full of callers active lately. */
    TOO_MANY_CALLERS(true, EndReason.REJECTED),
    /** Our own outgoing call to the caller has the smaller call id. */
    GLARE(false, EndReason.GLARE),
    /** We are in a call and call waiting is off. */
    BUSY(false, EndReason.BUSY);

    private final boolean limit;
    private final EndReason answer;

    Reason(boolean limit, EndReason answer) {
      this.limit = limit;
      this.answer = answer;
    }

    /**
     * Whether this is a refusal by the {@link IncomingLimits} (answered within the refusal rate).
     */
    public boolean limit() {
      return limit;
    }

    /** What the caller is told (if the refusal is answered). */
    public EndReason answer() {
      return answer;
    }
  }

  /**
   * What the phone applies: its limits, whether a second call rings while we are in one, how many
   * callers' rates are tracked at once, and how many calls (in and out) the phone holds at once.
   */
  public record Policy(IncomingLimits limits, boolean callWaiting, int maxCallers, int maxCalls) {
    public Policy {
      Objects.requireNonNull(limits, "limits");
      if (maxCallers < 1 || maxCalls < 1) {
        throw new IllegalArgumentException(
            "maxCallers and maxCalls must be at least 1: " + maxCallers + ", " + maxCalls);
      }
    }

    /** No cap on all calls ({@code maxCalls}: {@link Integer#MAX_VALUE}). */
    public Policy(IncomingLimits limits, boolean callWaiting, int maxCallers) {
      this(limits, callWaiting, maxCallers, Integer.MAX_VALUE);
    }

    /** {@code limits} and call waiting on or off, tracking {@link #DEFAULT_MAX_CALLERS} callers. */
    public static Policy of(IncomingLimits limits, boolean callWaiting) {
      return new Policy(limits, callWaiting, DEFAULT_MAX_CALLERS);
    }

    /** The same, with at most {@code max} calls at once in all, in and out ({@code >= 1}). */
    public Policy withMaxCalls(int max) {
      return new Policy(limits, callWaiting, maxCallers, max);
    }
  }

  /**
   * The facts of an invite that passed the cheap guard checks.
   *
   * @param caller who sent it (its signature was checked by the overlay)
   * @param callId the call it invites us to
   * @param contact whether the caller is one of our contacts
   */
  public record InviteFacts(PeerId caller, CallId callId, boolean contact) {
    public InviteFacts {
      Objects.requireNonNull(caller, "caller");
      Objects.requireNonNull(callId, "callId");
    }
  }

  /**
   * One call the phone has (not ended) when the invite arrives.
   *
   * @param role {@link CallFlow.Role#CALLER} for our outgoing calls, {@link CallFlow.Role#CALLEE}
   *     for incoming ones
   */
  public record CurrentCall(CallId id, PeerId peer, CallFlow.Role role, CallState state) {
    public CurrentCall {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * What to do with an invite: {@link Ring} or {@link Refuse}. Either way, our outgoing calls in
   * {@link #loseGlare()} lost glare to it and end first with {@link EndReason#GLARE} (the peer
   * would refuse them with GLARE anyway, as it applies the same rule).
   */
  public sealed interface Decision permits Ring, Refuse {
    /** Our outgoing calls to the caller that lost glare to this invite (usually none). */
    List<CallId> loseGlare();
  }

  /** The invite rings (after the phone's costlier key-share check). */
  public record Ring(List<CallId> loseGlare) implements Decision {
    public Ring {
      loseGlare = List.copyOf(loseGlare);
    }
  }

  /**
   * The invite is refused for {@code reason}; {@code answer} is what to send the caller, empty when
   * the refusal rate is exhausted (then nothing is sent, and it is counted). Only a {@link
   * Reason#BUSY} refusal can follow a glare the invite won, so only it may have calls to {@link
   * #loseGlare()}.
   */
  public record Refuse(Reason reason, Optional<EndReason> answer, List<CallId> loseGlare)
      implements Decision {
    public Refuse {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(answer, "answer");
      loseGlare = List.copyOf(loseGlare);
    }
  }

  private final Policy policy;
  private final IncomingLimits limits;
  private final LongSupplier nanoClock;
  private final Map<PeerId, TokenBucket> callers = new LinkedHashMap<>(64, 0.75f, true);
  private final TokenBucket overall;
  private final TokenBucket replies;
  private final Map<Reason, Long> refused = new EnumMap<>(Reason.class);
  private long admitted;
  private long unanswered;

  /**
   * @param nanoClock monotonic nanoseconds ({@code System::nanoTime} in a phone, a fake in tests)
   */
  public CallAdmission(Policy policy, LongSupplier nanoClock) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.limits = policy.limits();
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    long now = nanoClock.getAsLong();
    this.overall = bucket(limits.overallRate(), now);
    this.replies = bucket(limits.refusalRate(), now);
  }

  private static TokenBucket bucket(IncomingLimits.Rate rate, long now) {
    return new TokenBucket(rate.invites(), rate.period().toNanos(), now);
  }

  /**
   * Decides what becomes of {@code invite}, given the phone's current {@code calls} (those not yet
   * ended, any order). The phone runs its costlier checks (the key share's X25519, the replay
   * cache) only after a decision that is not a refusal by a limit, and may still refuse the invite
   * then; what this decision took (tokens, counts) stays taken.
   */
  public Decision decide(InviteFacts invite, List<CurrentCall> calls) {
    Reason byLimit = limits(invite, calls);
    if (byLimit != null) {
      refused.merge(byLimit, 1L, Long::sum);
      return new Refuse(byLimit, answer(byLimit.answer()), List.of());
    }
    admitted++;
    List<CallId> losers = new ArrayList<>();
    for (CurrentCall c : calls) {
      if (c.peer().equals(invite.caller())
          && c.role() == CallFlow.Role.CALLER
          && c.state() != CallState.ACTIVE) {
        if (invite.callId().compareTo(c.id()) >= 0) {
          return refuse(Reason.GLARE, List.of());
        }
        losers.add(c.id());
      }
    }
    if (!policy.callWaiting() && calls.size() > losers.size()) {
      return refuse(Reason.BUSY, losers);
    }
    return new Ring(losers);
  }

  private Refuse refuse(Reason reason, List<CallId> losers) {
    refused.merge(reason, 1L, Long::sum);
    return new Refuse(reason, Optional.of(reason.answer()), losers);
  }

  private Reason limits(InviteFacts invite, List<CurrentCall> calls) {
    if (calls.size() >= policy.maxCalls()) {
      return Reason.PHONE_CALLS;
    }
    int fromCaller = 0;
    int incoming = 0;
    for (CurrentCall c : calls) {
      if (c.role() == CallFlow.Role.CALLEE) {
        incoming++;
        if (c.peer().equals(invite.caller())) {
          fromCaller++;
        }
      }
    }
    if (fromCaller >= limits.maxCallsPerCaller()) {
      return Reason.CALLER_CALLS;
    }
    boolean contact = invite.contact();
    if (!contact && incoming >= limits.maxCalls()) {
      return Reason.TOTAL_CALLS;
    }
    long now = nanoClock.getAsLong();
    TokenBucket own = callers.get(invite.caller());
    if (own == null) {
      if (callers.size() >= policy.maxCallers() && !evictIdle(now)) {
        return Reason.TOO_MANY_CALLERS;
      }
      own = bucket(limits.callerRate(), now);
      callers.put(invite.caller(), own);
    }
    if (!own.available(now)) {
      return Reason.CALLER_RATE;
    }
    if (!contact && !overall.take(now)) {
      return Reason.OVERALL_RATE;
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

  /**
   * The answer to a refusal decided elsewhere (the invite guard's: a bad offer, key share or a full
   * replay cache), within the same refusal rate as the limits' refusals: {@code wanted}, or empty
   * (counted in {@link #refusalsUnanswered()}) when the rate is exhausted.
   */
  public Optional<EndReason> answer(EndReason wanted) {
    Objects.requireNonNull(wanted, "wanted");
    if (replies.take(nanoClock.getAsLong())) {
      return Optional.of(wanted);
    }
    unanswered++;
    return Optional.empty();
  }

  /**
   * Invites that passed the limits (and took their tokens). A later refusal (glare, busy, or the
   * guard's key-share check) does not take them back.
   */
  public long admitted() {
    return admitted;
  }

  /** Invites refused for {@code why}. */
  public long refused(Reason why) {
    return refused.getOrDefault(why, 0L);
  }

  /** Invites refused by the {@link IncomingLimits} (every {@link Reason#limit()} reason). */
  public long refusedByLimits() {
    long sum = 0;
    for (Map.Entry<Reason, Long> e : refused.entrySet()) {
      if (e.getKey().limit()) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  /** Refusals (by a limit or the guard) not answered because the refusal rate was exhausted. */
  public long refusalsUnanswered() {
    return unanswered;
  }

  /** Callers whose rate is tracked now. */
  public int trackedCallers() {
    return callers.size();
  }
}
