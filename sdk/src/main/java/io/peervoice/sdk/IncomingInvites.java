package io.peervoice.sdk;

import io.peervoice.sdk.internal.Admission;
import io.peervoice.session.MediaDescription;
import io.peervoice.signaling.LogText;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.RateLimitedLog;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.InviteGuard;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A phone's incoming invites: the {@link InviteGuard} checks, the offer's syntax, the {@link
 * Admission} limits, then ringing ({@code docs/calls.md}, "Checks before an invite creates state").
 * Runs on the phone's signaling thread; the counters may be read from any thread.
 */
final class IncomingInvites {
  private final Phone phone;
  private final Map<CallId, Call> calls;
  private final RateLimitedLog warnings;
  private final InviteGuard guard;
  private final Admission admission;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong refusedByGuard = new AtomicLong();
  private final AtomicLong refusalsUnanswered = new AtomicLong();

  IncomingInvites(Phone phone, Map<CallId, Call> calls, RateLimitedLog warnings) {
    this.phone = phone;
    this.calls = calls;
    this.warnings = warnings;
    this.guard = new InviteGuard(phone.config().identity().peerId());
    this.admission = new Admission(phone.config().incomingLimits(), System::nanoTime);
  }

  /** Invites refused, for any reason. */
  long refused() {
    return refused.get();
  }

  IncomingStats stats(long candidatesDropped, long warningsSuppressed, long signalingFailures) {
    return new IncomingStats(
        admission.admitted(),
        refusedByGuard.get(),
        admission.refused(),
        refusalsUnanswered.get(),
        candidatesDropped,
        warningsSuppressed,
        signalingFailures);
  }

  /**
   * An invite for a call we do not have. Checked cheapest first, and nothing is made for it (no ICE
   * agent, socket, thread or call key) until it passed: the guard's cheap checks (re-targeted,
   * stale, replayed, SRTP profile), the offer's syntax, the admission limits, then the X25519 with
   * its share (a weak one is refused on arrival); only then is it remembered against replay and
   * rings. Refusals are counted, logged at most once per kind per 10 s, and answered (BUSY or
   * REJECTED) within the refusal rate.
   */
  void received(PeerId from, CallMessage.Invite invite) {
    long now = System.currentTimeMillis();
    InviteGuard.Rejection rejection = guard.check(from, invite, now, profileNames());
    if (rejection != null) {
      refusedByGuard.incrementAndGet();
      refuse(from, invite, "guard-" + rejection, rejection, null);
      return;
    }
    try {
      MediaDescription.decode(invite.offer());
    } catch (IllegalArgumentException e) {
      refusedByGuard.incrementAndGet();
      refuse(from, invite, "bad-offer", LogText.escape(e.getMessage()), EndReason.REJECTED);
      return;
    }
    boolean contact = phone.config().contacts().contains(from);
    int fromCaller = 0;
    int incoming = 0;
    for (Call c : calls.values()) {
      if (c.direction() == CallDirection.INCOMING) {
        incoming++;
        if (c.peer().equals(from)) {
          fromCaller++;
        }
      }
    }
    Admission.Refusal refusal = admission.admit(from, contact, fromCaller, incoming);
    if (refusal != null) {
      refuse(
          from,
          invite,
          "limit-" + refusal,
          refusal,
          refusal.busy() ? EndReason.BUSY : EndReason.REJECTED);
      return;
    }
    rejection = guard.checkKeyShare(invite);
    if (rejection == null) {
      rejection = guard.remember(from, invite, now);
    }
    if (rejection != null) {
      refusedByGuard.incrementAndGet();
      refuse(
          from,
          invite,
          "guard-" + rejection,
          rejection,
          rejection == InviteGuard.Rejection.BAD_KEY_SHARE ? EndReason.REJECTED : EndReason.BUSY);
      return;
    }
    for (Call other : calls.values()) {
      if (other.peer().equals(from)
          && other.direction() == CallDirection.OUTGOING
          && other.state() != CallState.ACTIVE) {
        if (invite.callId().compareTo(other.id()) < 0) {
          phone.guarded(other, other::lostGlare);
        } else {
          phone.send(from, CallFlow.refusal(invite, EndReason.GLARE), null);
          return;
        }
      }
    }
    if (phone.config().callWaiting() == CallWaiting.BUSY && !calls.isEmpty()) {
      phone.send(from, CallFlow.refusal(invite, EndReason.BUSY), null);
      return;
    }
    Call call = new Call(phone, invite.callId(), from, CallDirection.INCOMING);
    calls.put(call.id(), call);
    phone.guarded(call, () -> call.ring(invite, contact));
  }

  private List<String> profileNames() {
    return phone.config().srtpProfiles().stream().map(Enum::name).toList();
  }

  /** Counts and logs (rate-limited) a refused invite, answering it if the refusal rate allows. */
  private void refuse(
      PeerId from, CallMessage.Invite invite, String kind, Object why, EndReason answer) {
    refused.incrementAndGet();
    warnings.warn(kind, "refused an invite from {}: {}", from, why);
    if (answer == null) {
      return;
    }
    if (admission.mayAnswerRefusal()) {
      phone.send(from, CallFlow.refusal(invite, answer), null);
    } else {
      refusalsUnanswered.incrementAndGet();
    }
  }
}
