package io.peervoice.sdk;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.EndReason;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * S7 tel: how a phone set to do not disturb turns away a call that would ring ({@code
 * docs/presence.md}, "Do not disturb on several devices"). Alone (the only device of its identity
 * online, {@link Phone#devices()}) it answers BUSY at once. With other devices online it stays
 * silent for {@link #LATE_MILLIS} and answers then: by that time a caller has heard another device
 * ring and ignores a BUSY from this one (a Java caller's {@code CallBranches}, the browser's {@code
 * calls.js}), so do not disturb on one device does not stop the others ringing; if none rang (all
 * set to do not disturb, or the others did not ring), the caller ends on the late BUSY. Each answer
 * raises a refused-call event ({@link MissedCall.Reason#DO_NOT_DISTURB}) through {@link
 * PhoneNotes}. At most {@link #MAX_LATE} late answers wait at once, {@link #MAX_LATE_PER_CALLER}
 * for one caller; an invite beyond that is not answered at all (its caller rings the other devices,
 * or ends unreachable). Runs on the signaling thread; the counters may be read from any thread.
 */
final class QuietAnswers {
  /**
   * How long a device set to do not disturb waits before its BUSY when other devices of its
   * identity are online: well past the time another device takes to ring (about 0.1 s on a quiet
   * machine, under 1 s loaded) and well before a caller gives up waiting for RINGING (10 s).
   */
  static final long LATE_MILLIS = 3_000;

  /** Late answers waiting at once. */
  static final int MAX_LATE = 64;

  /** Late answers waiting at once for one caller: no caller takes the others' places. */
  static final int MAX_LATE_PER_CALLER = 4;

  private final Phone phone;
  private final PhoneNotes notes;
  private final IntSupplier devices;
  private final LongSupplier wallMillis;
  private final AtomicInteger waiting = new AtomicInteger();
  private final Map<PeerId, Integer> waitingFor = new HashMap<>(); // signaling thread only
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong unanswered = new AtomicLong();

  QuietAnswers(Phone phone, PhoneNotes notes, IntSupplier devices, LongSupplier wallMillis) {
    this.phone = phone;
    this.notes = notes;
    this.devices = devices;
    this.wallMillis = wallMillis;
  }

  /** Turns {@code offer} from {@code from} away, answering {@code why} (BUSY or DO_NOT_DISTURB). */
  void turnAway(PeerId from, IncomingOffer offer, EndReason why) {
    if (devices.getAsInt() <= 1) {
      answer(from, offer, why);
      return;
    }
    if (waiting.get() >= MAX_LATE || waitingFor.getOrDefault(from, 0) >= MAX_LATE_PER_CALLER) {
      unanswered.incrementAndGet();
      return;
    }
    waiting.incrementAndGet();
    waitingFor.merge(from, 1, Integer::sum);
    phone
        .thread()
        .after(
            LATE_MILLIS,
            () -> {
              waiting.decrementAndGet();
              waitingFor.computeIfPresent(from, (k, n) -> n > 1 ? n - 1 : null);
              answer(from, offer, why);
            });
  }

  private void answer(PeerId from, IncomingOffer offer, EndReason why) {
    phone.send(from, offer.quiet(why), null);
    answered.incrementAndGet();
    notes.refused(from, offer.callId(), wallMillis.getAsLong());
  }

  /** Late answers waiting now. */
  int waiting() {
    return waiting.get();
  }

  /** Calls turned away with an answer (at once or late). */
  long answered() {
    return answered.get();
  }

  /** Calls turned away unanswered (over {@link #MAX_LATE}). */
  long unanswered() {
    return unanswered.get();
  }
}
