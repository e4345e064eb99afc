package io.peervoice.sdk;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import java.util.HashMap;
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
 * A caller whose call another device answered answers our late BUSY with a CANCEL({@link
 * EndReason#ANSWERED_ELSEWHERE}) at once ({@code CallBranches}, "TELL"), so the refusal is held
 * {@link #GRACE_MILLIS} after the BUSY: such a CANCEL (or a CANCEL({@link EndReason#DECLINED}): the
 * user declined it on another device) drops it unraised; any other CANCEL of the caller (it gave
 * up, or ended on another device's BUSY) raises it at once; a CANCEL before our BUSY also saves the
 * BUSY. Otherwise it is raised when the grace ends.
 *
 * <p>At most {@link #MAX_LATE} calls are held at once (waiting for their BUSY or in their grace),
 * {@link #MAX_LATE_PER_CALLER} of one caller; an invite beyond that is not answered at all (its
 * caller rings the other devices, or ends unreachable) and not raised. Runs on the signaling
 * thread; the counters may be read from any thread.
 */
final class QuietAnswers {
  /**
   * How long a device set to do not disturb waits before its BUSY when other devices of its
   * identity are online: well past the time another device takes to ring (about 0.1 s on a quiet
   * machine, under 1 s loaded) and well before a caller gives up waiting for RINGING (10 s).
   */
  static final long LATE_MILLIS = 3_000;

  /**
   * S8 tel: how long after a late BUSY the refusal waits for the caller's CANCEL({@link
   * EndReason#ANSWERED_ELSEWHERE}) before it is raised: one overlay round trip, with room for a
   * loaded machine.
   */
  static final long GRACE_MILLIS = 2_000;

  /** Calls held at once (late answers waiting, and refusals in their grace). */
  static final int MAX_LATE = 64;

  /** Calls of one caller held at once: no caller takes the others' places. */
  static final int MAX_LATE_PER_CALLER = 4;

  /** Runs a task on the signaling thread after a delay. */
  interface Timer {
    void after(long millis, Runnable task);
  }

  /** Raises a refused call: caller, call id, time by our clock ({@link PhoneNotes#refused}). */
  interface Refusals {
    void refused(PeerId from, CallId callId, long timeMillis);
  }

  private static final class Held {
    final PeerId from;
    final IncomingOffer offer;
    final EndReason why;
    final long atMillis;
    boolean busySent;

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
  private volatile Timer timer;
  private final Map<CallId, Held> held = new HashMap<>(); // signaling thread only
  private final Map<PeerId, Integer> heldFor = new HashMap<>(); // signaling thread only
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong unanswered = new AtomicLong();
  private final AtomicLong answeredElsewhere = new AtomicLong();

  /**
   * @param send sends a call message to a peer (no call of ours)
   * @param timer runs the late answers and the graces on the signaling thread
   * @param refusals raises a refused call
   * @param devices devices of our identity online, this one included
   * @param wallMillis the wall clock, for the time of a refusal
   */
  QuietAnswers(
      BiConsumer<PeerId, CallMessage> send,
      Timer timer,
      Refusals refusals,
      IntSupplier devices,
      LongSupplier wallMillis) {
    this.send = Objects.requireNonNull(send, "send");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.refusals = Objects.requireNonNull(refusals, "refusals");
    this.devices = Objects.requireNonNull(devices, "devices");
    this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
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
        || held.containsKey(id)) {
      unanswered.incrementAndGet();
      return;
    }
    held.put(id, new Held(from, offer, why, now));
    heldFor.merge(from, 1, Integer::sum);
    waiting.incrementAndGet();
    timer.after(LATE_MILLIS, () -> late(id));
  }

  /**
   * A CANCEL from {@code from} for a call we do not have: true if it is one we hold (it is used
   * here), false otherwise (the caller drops it as before).
   */
  boolean cancelled(PeerId from, CallMessage.Cancel cancel) {
    Held h = held.get(cancel.callId());
    if (h == null || !h.from.equals(from)) {
      return false;
    }
    release(cancel.callId(), h);
    if (cancel.reason() == EndReason.ANSWERED_ELSEWHERE || cancel.reason() == EndReason.DECLINED) {
      answeredElsewhere.incrementAndGet(); // another device of ours took it: not refused
    } else {
      refusals.refused(h.from, cancel.callId(), h.atMillis);
    }
    return true;
  }

  private void late(CallId id) {
    Held h = held.get(id);
    if (h == null || h.busySent) {
      return; // cancelled meanwhile
    }
    h.busySent = true;
    waiting.decrementAndGet();
    answer(h.from, h.offer, h.why);
    timer.after(GRACE_MILLIS, () -> settle(id, h));
  }

  private void settle(CallId id, Held h) {
    if (held.get(id) == h) {
      release(id, h);
      refusals.refused(h.from, id, h.atMillis);
    }
  }

  private void release(CallId id, Held h) {
    held.remove(id);
    heldFor.computeIfPresent(h.from, (k, n) -> n > 1 ? n - 1 : null);
    if (!h.busySent) {
      waiting.decrementAndGet();
    }
  }

  private void answer(PeerId from, IncomingOffer offer, EndReason why) {
    send.accept(from, offer.quiet(why));
    answered.incrementAndGet();
  }

  /** Late answers waiting for their BUSY now. */
  int waiting() {
    return waiting.get();
  }

  /** Calls turned away with an answer (at once or late). */
  long answered() {
    return answered.get();
  }

  /** Calls turned away unanswered (over {@link #MAX_LATE} or {@link #MAX_LATE_PER_CALLER}). */
  long unanswered() {
    return unanswered.get();
  }

  /** S8 tel: calls held here that another device of ours answered or declined: not raised. */
  long answeredElsewhere() {
    return answeredElsewhere.get();
  }
}
