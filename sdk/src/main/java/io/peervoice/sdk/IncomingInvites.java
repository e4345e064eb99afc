package io.peervoice.sdk;

import io.peervoice.session.MediaDescription;
import io.peervoice.session.sdp.JsepDescription;
import io.peervoice.signaling.LogText;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.RateLimitedLog;
import io.peervoice.signaling.call.CallAdmission;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.IncomingLimits;
import io.peervoice.signaling.call.InviteGuard;
import io.peervoice.signaling.call.PresencePolicy;
import io.peervoice.signaling.call.WebCallFlow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A phone's incoming invites: the {@link InviteGuard} checks and the offer's syntax, then {@link
 * CallAdmission} (limits, glare, call waiting), then ringing ({@code docs/calls.md}, "Checks before
 * an invite creates state"). Only the I/O is here: sending refusals, ending calls that lost glare,
 * making the new call. Runs on the phone's signaling thread; {@link #refused()} may be read from
 * any thread.
 */
final class IncomingInvites {
  private final Phone phone;
  private final Map<CallId, Call> calls;
  private final RateLimitedLog warnings;
  private final InviteGuard guard;
  private final CallAdmission admission;
  private final AtomicLong refused = new AtomicLong();
  private long refusedByGuard;

  IncomingInvites(Phone phone, Map<CallId, Call> calls, RateLimitedLog warnings) {
    this.phone = phone;
    this.calls = calls;
    this.warnings = warnings;
    this.guard = new InviteGuard(phone.config().identity().peerId());
    PhoneConfig config = phone.config();
    this.admission =
        new CallAdmission(
            CallAdmission.Policy.of(
                    config.incomingLimits(), config.callWaiting() == CallWaiting.RING)
                .withMaxCalls(config.maxCalls()),
            System::nanoTime);
  }

  /** Invites refused by the guard or the limits (not glare or busy). */
  long refused() {
    return refused.get();
  }

  /** On the signaling thread. */
  IncomingStats stats(long candidatesDropped, long warningsSuppressed, long signalingFailures) {
    return new IncomingStats(
        admission.admitted(),
        refusedByGuard,
        admission.refusedByLimits(),
        admission.refusalsUnanswered(),
        candidatesDropped,
        warningsSuppressed,
        signalingFailures);
  }

  /**
   * An invite for a call we do not have. Checked cheapest first, and nothing is made for it (no ICE
   * agent, socket, thread or call key) until it passed: the guard's cheap checks (re-targeted,
   * stale, replayed, SRTP profile), the offer's syntax, the admission limits, then the X25519 with
   * its share (a weak one is refused on arrival); only then is it remembered against replay, and
   * glare and call waiting decide whether it rings. Refusals by the guard and the limits are
   * counted, logged at most once per kind per 10 s, and answered (BUSY or REJECTED) within the
   * refusal rate.
   */
  void received(PeerId from, CallMessage.Invite invite) {
    long now = System.currentTimeMillis();
    InviteGuard.Rejection rejection = guard.check(from, invite, now, profileNames());
    if (rejection != null) {
      refuseByGuard(from, invite, rejection, null);
      return;
    }
    try {
      MediaDescription.decode(invite.offer());
    } catch (IllegalArgumentException e) {
      refusedByGuard++;
      refuse(from, invite, "bad-offer", LogText.escape(e.getMessage()), EndReason.REJECTED);
      return;
    }
    boolean contact = phone.config().contacts().contains(from);
    CallAdmission.Decision decision =
        admission.decide(new CallAdmission.InviteFacts(from, invite.callId(), contact), snapshot());
    if (decision instanceof CallAdmission.Refuse r && r.reason().limit()) {
      refused.incrementAndGet();
      warnings.warn(
          "limit-" + r.reason(), "refused an invite from {}: {}", from, describe(r.reason()));
      r.answer().ifPresent(answer -> phone.send(from, CallFlow.refusal(invite, answer), null));
      return;
    }
    rejection = guard.checkKeyShare(invite);
    if (rejection == null) {
      rejection = guard.remember(from, invite, now);
    }
    if (rejection != null) {
      refuseByGuard(
          from,
          invite,
          rejection,
          rejection == InviteGuard.Rejection.BAD_KEY_SHARE ? EndReason.REJECTED : EndReason.BUSY);
      return;
    }
    Optional<EndReason> quiet = // S6 presence: answered busy; nothing is made for it
        doNotDisturb(
            phone.doNotDisturb(),
            decision,
            invite.replaces().length > 0,
            phone.config().presence(),
            contact);
    if (quiet.isPresent()) {
      phone.send(from, CallFlow.refusal(invite, quiet.get()), null);
      return;
    }
    for (CallId loser : decision.loseGlare()) {
      Call other = calls.get(loser);
      if (other != null) {
        phone.thread().guarded(other, other::lostGlare);
      }
    }
    if (decision instanceof CallAdmission.Refuse r) {
      phone.send(from, CallFlow.refusal(invite, r.answer().orElseThrow()), null);
      return;
    }
    Call replaced = null; // S5 xfer: an attended transfer's invite replaces a call of ours
    if (invite.replaces().length > 0
        && (replaced = phone.transfers.replaced(from, invite, calls)) == null) {
      refuse(from, invite, "bad-replace", "replace token refused", EndReason.REJECTED);
      return;
    }
    Call call =
        new Call(phone, invite.callId(), from, CallDirection.INCOMING, CallProfile.PEERVOICE);
    calls.put(call.id(), call);
    phone.thread().guarded(call, () -> call.ring(invite, contact));
    if (replaced != null) {
      Call consultation = replaced;
      phone.thread().guarded(call, () -> phone.transfers.replace(call, consultation));
    }
  }

  /**
   * S6 presence: how a phone set to do not disturb answers an invite that passed every check, or
   * empty if it goes on as usual. Only an invite that would ring is answered busy: one that lost
   * glare to our own call, or that the admission refused (busy, or GLARE: we are calling them and
   * win) keeps its usual answer, and an attended transfer's replacing invite rings. The reason
   * {@link EndReason#DO_NOT_DISTURB} goes only to a caller the presence policy answers; anyone else
   * hears a plain BUSY, so do not disturb is no side door around {@link PhoneConfig#presence()}
   * ({@code docs/presence.md}).
   */
  static Optional<EndReason> doNotDisturb(
      boolean on,
      CallAdmission.Decision decision,
      boolean replaces,
      PresencePolicy policy,
      boolean contact) {
    if (!on
        || !(decision instanceof CallAdmission.Ring)
        || !decision.loseGlare().isEmpty()
        || replaces) {
      return Optional.empty();
    }
    return Optional.of(policy.allows(contact) ? EndReason.DO_NOT_DISTURB : EndReason.BUSY);
  }

  /**
   * S6 wrtcj: a WebRTC offer for a call we do not have: the same checks as an invite, cheapest
   * first (re-targeted, stale, replayed; the SDP must be one our media can use, else {@code
   * CANCEL(REJECTED)}; the admission limits), and only then a DTLS certificate is made and it
   * rings.
   */
  void receivedWeb(PeerId from, CallMessage.WebOffer offer) {
    long now = System.currentTimeMillis();
    InviteGuard.Rejection rejection = guard.checkWeb(from, offer, now);
    if (rejection != null) {
      refusedByGuard++;
      refuseWeb(from, offer, "guard-" + rejection, rejection, null);
      return;
    }
    JsepDescription sdp;
    try {
      sdp = WebCallMedia.parse(offer.sdp());
    } catch (IllegalArgumentException e) {
      refusedByGuard++;
      refuseWeb(from, offer, "bad-sdp", LogText.escape(e.getMessage()), EndReason.REJECTED);
      return;
    }
    boolean contact = phone.config().contacts().contains(from);
    CallAdmission.Decision decision =
        admission.decide(new CallAdmission.InviteFacts(from, offer.callId(), contact), snapshot());
    if (decision instanceof CallAdmission.Refuse r && r.reason().limit()) {
      refused.incrementAndGet();
      warnings.warn(
          "limit-" + r.reason(), "refused an offer from {}: {}", from, describe(r.reason()));
      r.answer().ifPresent(a -> phone.send(from, WebCallFlow.refusal(offer, a), null));
      return;
    }
    rejection = guard.rememberWeb(from, offer, now);
    if (rejection != null) {
      refusedByGuard++;
      refuseWeb(from, offer, "guard-" + rejection, rejection, EndReason.BUSY);
      return;
    }
    if (doNotDisturb(phone.doNotDisturb(), decision, false, phone.config().presence(), contact)
        .isPresent()) { // S6 presence: a browser hears a plain BUSY (its decoder knows no reason)
      phone.send(from, WebCallFlow.refusal(offer, EndReason.BUSY), null);
      return;
    }
    for (CallId loser : decision.loseGlare()) {
      Call other = calls.get(loser);
      if (other != null) {
        phone.thread().guarded(other, other::lostGlare);
      }
    }
    if (decision instanceof CallAdmission.Refuse r) {
      phone.send(from, WebCallFlow.refusal(offer, r.answer().orElseThrow()), null);
      return;
    }
    Call call = new Call(phone, offer.callId(), from, CallDirection.INCOMING, CallProfile.WEBRTC);
    calls.put(call.id(), call);
    phone.thread().guarded(call, () -> call.ringWeb(offer, WebCallMedia.answering(sdp, phone)));
  }

  private void refuseWeb(
      PeerId from, CallMessage.WebOffer offer, String kind, Object why, EndReason answer) {
    refused.incrementAndGet();
    warnings.warn(kind, "refused an offer from {}: {}", from, why);
    if (answer != null) {
      admission
          .answer(answer)
          .ifPresent(a -> phone.send(from, WebCallFlow.refusal(offer, a), null));
    }
  }

  /** A limit refusal for the log, naming the limit and its value. */
  private String describe(CallAdmission.Reason reason) {
    IncomingLimits limits = phone.config().incomingLimits();
    return switch (reason) {
      case PHONE_CALLS ->
          "PHONE_CALLS (the phone holds its maximum of "
              + phone.config().maxCalls()
              + " calls, PhoneConfig.maxCalls; answered BUSY)";
      case CALLER_CALLS ->
          "CALLER_CALLS (" + limits.maxCallsPerCaller() + " calls from this caller at once)";
      case TOTAL_CALLS -> "TOTAL_CALLS (" + limits.maxCalls() + " incoming calls at once)";
      default -> reason.toString();
    };
  }

  /** The phone's calls as {@link CallAdmission} sees them. */
  private List<CallAdmission.CurrentCall> snapshot() {
    List<CallAdmission.CurrentCall> now = new ArrayList<>(calls.size());
    for (Call c : calls.values()) {
      CallFlow.Role role =
          c.direction() == CallDirection.INCOMING ? CallFlow.Role.CALLEE : CallFlow.Role.CALLER;
      now.add(new CallAdmission.CurrentCall(c.id(), c.peer(), role, c.state()));
    }
    return now;
  }

  private List<String> profileNames() {
    return phone.config().srtpProfiles().stream().map(Enum::name).toList();
  }

  private void refuseByGuard(
      PeerId from, CallMessage.Invite invite, InviteGuard.Rejection why, EndReason answer) {
    refusedByGuard++;
    refuse(from, invite, "guard-" + why, why, answer);
  }

  /** Counts and logs (rate-limited) a refused invite, answering it if the refusal rate allows. */
  private void refuse(
      PeerId from, CallMessage.Invite invite, String kind, Object why, EndReason answer) {
    refused.incrementAndGet();
    warnings.warn(kind, "refused an invite from {}: {}", from, why);
    if (answer != null) {
      Optional<EndReason> within = admission.answer(answer);
      within.ifPresent(a -> phone.send(from, CallFlow.refusal(invite, a), null));
    }
  }
}
