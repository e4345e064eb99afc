package io.peervoice.sdk;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * S7 tel: how a phone set to do not disturb turns away a call that would ring ({@code
 * docs/presence.md}, "Do not disturb on several devices"). Alone (the only device of its identity
 * online, {@link Phone#devices()}) it answers BUSY at once and raises the refused call ({@link
 * MissedCall.Reason#DO_NOT_DISTURB}) through {@link PhoneNotes}. With other devices online it stays
 * silent for {@link #LATE_MILLIS} and answers then: by that time a caller has heard another device
 * ring and ignores a BUSY from this one (a Java caller's {@code CallBranches}, the browser's {@code
 * calls.js}), so do not disturb on one device does not stop the others ringing; if none rang (all
 * set to do not disturb, or the others did not ring), the caller ends on the late BUSY.
 *
 * <p>S8 tel: with other devices online, the refused call is raised only if no other device took it.
 * After the late BUSY the refusal waits in a table of its own for the caller's CANCEL: every caller
 * ends with one that reaches every device ({@code CallInbox}): CANCEL({@link
 * EndReason#ANSWERED_ELSEWHERE}) when another device answered, whenever that is (also the caller's
 * answer to our BUSY if another device answered first), CANCEL({@link EndReason#DECLINED}) when the
 * user declined on another device; these drop it unraised. Any other CANCEL of the caller (it gave
 * up, rang out with {@link EndReason#NO_ANSWER}, or ended on our BUSY) raises it at once; a CANCEL
 * before our BUSY also saves the BUSY. A caller that never sends one (it died) is bounded by the
 * longest a call can wait for an answer ({@code holdMillis}: the invite and ring timeouts, ours, as
 * the caller's are not known) plus {@link #GRACE_MILLIS} after the BUSY, so 75 s after the invite
 * by default, after which the refusal is raised. A caller whose early end sends a HANGUP instead
 * ({@link #hungUp}) raises it at once.
 *
 * <p>Bounds: at most {@link #MAX_LATE} calls wait for their late BUSY at once, {@link
 * #MAX_LATE_PER_CALLER} of one caller; an invite beyond that is not answered at all (its caller
 * rings the other devices, or ends unreachable) and not raised. At most {@link #MAX_REFUSING}
 * refusals wait for a CANCEL, {@link #MAX_REFUSING_PER_CALLER} of one caller; past either the
 * eldest (of all, or of that caller) is raised at once, as before S8, so no caller takes the
 * others' places and memory stays bounded. Runs on the signaling thread; the counters may be read
 * from any thread.
 */
final class QuietAnswers {
  /**
   * How long a device set to do not disturb waits before its BUSY when other devices of its
   * identity are online: well past the time another device takes to ring (about 0.1 s on a quiet
   * machine, under 1 s loaded) and well before a caller gives up waiting for RINGING (10 s).
   */
  static final long LATE_MILLIS = 3_000;

  /**
   * S8 tel: how much longer than the longest a caller can wait for an answer a refusal waits for
   * its CANCEL: one overlay delivery, with room for a loaded machine.
   */
  static final long GRACE_MILLIS = 2_000;

  /** Calls waiting for their late BUSY at once. */
  static final int MAX_LATE = 64;

  /** Calls of one caller waiting for their late BUSY at once. */
  static final int MAX_LATE_PER_CALLER = 4;

  /** S8 tel: refusals waiting for their caller's CANCEL at once. */
  static final int MAX_REFUSING = 256;

  /** S8 tel: refusals of one caller waiting for its CANCEL at once. */
  static final int MAX_REFUSING_PER_CALLER = 8;

  /** Runs a task on the signaling thread after a delay. */
  interface Timer {
    void after(long millis, Runnable task);
  }

  /** Raises a refused call: caller, call id, time by our clock ({@link PhoneNotes#refused}). */
  interface Refusals {
    void refused(PeerId from, CallId callId, long timeMillis);
  }

  /** A refusal after its BUSY, waiting for the caller's word: who, and when by our clock. */
  private record Refusal(PeerId from, long atMillis) {}

  private static final class Held {
    final PeerId from;
    final IncomingOffer offer;
    final EndReason why;
    final long atMillis;

    Held(PeerId from, IncomingOffer offer, EndReason why, long atMillis) {
      this.from = from;
      this.offer = offer;
      this.why = why;
      this.atMillis = atMillis;
    }
  }

  private final BiConsumer<PeerId, CallMessage> send;
  private final Refusals refusals;
  private final IntSupplier devices;
  private final LongSupplier wallMillis;
  private final long holdMillis;
  private volatile Timer timer;
  private final Map<CallId, Held> held = new HashMap<>(); // waiting for the BUSY; signaling thread
  private final Map<PeerId, Integer> heldFor = new HashMap<>(); // signaling thread only
  private final Map<CallId, Refusal> refusing = new LinkedHashMap<>(); // eldest first; sig. thread
  private final Map<PeerId, Integer> refusingFor = new HashMap<>(); // signaling thread only
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong unanswered = new AtomicLong();
  private final AtomicLong answeredElsewhere = new AtomicLong();
  private final AtomicLong evicted = new AtomicLong();
  private final AtomicInteger refusingNow = new AtomicInteger();

  /**
   * @param send sends a call message to a peer (no call of ours)
   * @param timer runs the late answers and the graces on the signaling thread
   * @param refusals raises a refused call
   * @param devices devices of our identity online, this one included
   * @param wallMillis the wall clock, for the time of a refusal
   * @param holdMillis the longest a caller waits for an answer (invite and ring timeouts)
   */
  QuietAnswers(
      BiConsumer<PeerId, CallMessage> send,
      Timer timer,
      Refusals refusals,
      IntSupplier devices,
      LongSupplier wallMillis,
      long holdMillis) {
    this.send = Objects.requireNonNull(send, "send");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.refusals = Objects.requireNonNull(refusals, "refusals");
    this.devices = Objects.requireNonNull(devices, "devices");
    this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
    if (holdMillis <= 0) {
      throw new IllegalArgumentException("holdMillis must be positive: " + holdMillis);
    }
    this.holdMillis = holdMillis;
  }

  /** Tests: the late answers and graces run on {@code t} from now on (e.g. on fake timers). */
  void timer(Timer t) {
    timer = Objects.requireNonNull(t, "timer");
  }

  /** Turns {@code offer} from {@code from} away, answering {@code why} (BUSY or DO_NOT_DISTURB). */
  void turnAway(PeerId from, IncomingOffer offer, EndReason why) {
    long now = wallMillis.getAsLong();
    if (devices.getAsInt() <= 1) {
      answer(from, offer, why);
      refusals.refused(from, offer.callId(), now);
      return;
    }
    CallId id = offer.callId();
    if (held.size() >= MAX_LATE
        || heldFor.getOrDefault(from, 0) >= MAX_LATE_PER_CALLER
        || held.containsKey(id)
        || refusing.containsKey(id)) {
      unanswered.incrementAndGet();
      return;
    }
    Held h = new Held(from, offer, why, now);
    held.put(id, h);
    heldFor.merge(from, 1, Integer::sum);
    waiting.incrementAndGet();
    timer.after(LATE_MILLIS, () -> late(id, h));
  }

  /**
   * A CANCEL from {@code from} for a call we do not have: true if it is one we hold (it is used
   * here), false otherwise (the caller drops it as before).
   */
  boolean cancelled(PeerId from, CallMessage.Cancel cancel) {
    return ended(from, cancel.callId(), cancel.reason());
  }

  /**
   * S8 review: a HANGUP from {@code from} for a call we do not have: a caller whose call ended
   * early (its description unusable, its device failed) hangs up instead of cancelling; it gave up,
   * so a refusal held for it is raised at once. True if it was one we hold.
   */
  boolean hungUp(PeerId from, CallMessage.Hangup hangup) {
    return ended(from, hangup.callId(), hangup.reason());
  }

  private boolean ended(PeerId from, CallId id, EndReason reason) {
    long at;
    Held h = held.get(id);
    if (h != null && h.from.equals(from)) {
      unwait(id, h);
      at = h.atMillis;
    } else {
      Refusal r = refusing.get(id);
      if (r == null || !r.from().equals(from)) {
        return false;
      }
      unrefuse(id, r);
      at = r.atMillis();
    }
    if (reason == EndReason.ANSWERED_ELSEWHERE || reason == EndReason.DECLINED) {
      answeredElsewhere.incrementAndGet(); // another device of ours took it: not refused
    } else {
      refusals.refused(from, id, at);
    }
    return true;
  }

  private void late(CallId id, Held h) {
    if (held.get(id) != h) {
      return; // cancelled meanwhile (and perhaps its id held again since: that one has its own)
    }
    unwait(id, h);
    answer(h.from, h.offer, h.why);
    if (refusingFor.getOrDefault(h.from, 0) >= MAX_REFUSING_PER_CALLER) {
      raiseEldest(h.from);
    }
    if (refusing.size() >= MAX_REFUSING) {
      raiseEldest(null);
    }
    Refusal r = new Refusal(h.from, h.atMillis); // the offer is not kept past its BUSY
    refusing.put(id, r);
    refusingFor.merge(r.from(), 1, Integer::sum);
    refusingNow.incrementAndGet();
    timer.after(holdMillis + GRACE_MILLIS, () -> expire(id, r));
  }

  private void expire(CallId id, Refusal r) {
    if (refusing.get(id) == r) {
      unrefuse(id, r);
      refusals.refused(r.from(), id, r.atMillis()); // the caller never said: raised, as before S8
    }
  }

  /** Raises the eldest refusal waiting for a CANCEL (of {@code from}; of anyone if null). */
  private void raiseEldest(PeerId from) {
    for (Map.Entry<CallId, Refusal> e : refusing.entrySet()) {
      Refusal r = e.getValue();
      if (from == null || r.from().equals(from)) {
        CallId id = e.getKey();
        unrefuse(id, r);
        evicted.incrementAndGet();
        refusals.refused(r.from(), id, r.atMillis());
        return;
      }
    }
  }

  private void unwait(CallId id, Held h) {
    held.remove(id);
    heldFor.computeIfPresent(h.from, (k, n) -> n > 1 ? n - 1 : null);
    waiting.decrementAndGet();
  }

  private void unrefuse(CallId id, Refusal r) {
    refusing.remove(id);
    refusingNow.decrementAndGet();
    refusingFor.computeIfPresent(r.from(), (k, n) -> n > 1 ? n - 1 : null);
  }

  private void answer(PeerId from, IncomingOffer offer, EndReason why) {
    send.accept(from, offer.quiet(why));
    answered.incrementAndGet();
  }

  /** S8 tel: refusals waiting for their caller's CANCEL now. */
  int refusing() {
    return refusingNow.get();
  }

  /** S8 tel: refusals raised early because their table (or their caller's share) was full. */
  long evicted() {
    return evicted.get();
  }

  /** Late answers waiting for their BUSY now. */
  int waiting() {
    return waiting.get();
  }

  /** Calls turned away with an answer (at once or late). */
  long answered() {
    return answered.get();
  }

  /**
   * Calls turned away unanswered (over {@link #MAX_LATE} or {@link #MAX_LATE_PER_CALLER}, or an id
   * held already).
   */
  long unanswered() {
    return unanswered.get();
  }

  /** S8 tel: calls held here that another device of ours answered or declined: not raised. */
  long answeredElsewhere() {
    return answeredElsewhere.get();
  }
}
