package io.peervoice.sdk;

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

  /** An invite for a call we do not have: {@link #receive}. */
  void received(PeerId from, CallMessage.Invite invite) {
    receive(from, new IncomingOffer.Invite(invite));
  }

  /** S6 wrtcj: a browser's WebRTC offer for a call we do not have: {@link #receive}. */
  void receivedWeb(PeerId from, CallMessage.WebOffer offer) {
    receive(from, new IncomingOffer.Web(offer));
  }

  /**
   * S7 tel: the one check pipeline of both offer types. Checked cheapest first, and nothing is made
   * for it (no ICE agent, socket, thread, call key or DTLS certificate) until it passed: the
   * guard's cheap checks (re-targeted, stale, replayed, SRTP profile), the offer's syntax (our
   * media description or the browser's SDP: else REJECTED), the admission limits, then the X25519
   * with its share (an invite's weak one is refused on arrival); only then is it remembered against
   * replay, do not disturb turns it away ({@link QuietAnswers}), and glare and call waiting decide
   * whether it rings. Refusals by the guard and the limits are counted, logged at most once per
   * kind per 10 s, and answered (BUSY or REJECTED) within the refusal rate.
   */
  private void receive(PeerId from, IncomingOffer offer) {
    long now = phone.wallMillis.getAsLong();
    InviteGuard.Rejection rejection = offer.check(guard, from, now, profileNames());
    if (rejection != null) {
      refuseByGuard(from, offer, "guard-" + rejection, rejection, null);
      return;
    }
    try {
      offer.parse();
    } catch (IllegalArgumentException e) {
      refuseByGuard(
          from, offer, offer.badKind(), LogText.escape(e.getMessage()), EndReason.REJECTED);
      return;
    }
    boolean contact = phone.config().contacts().contains(from);
    CallAdmission.Decision decision =
        admission.decide(new CallAdmission.InviteFacts(from, offer.callId(), contact), snapshot());
    if (decision instanceof CallAdmission.Refuse r && r.reason().limit()) {
      refused.incrementAndGet();
      warnings.warn(
          "limit-" + r.reason(),
          "refused an {} from {}: {}",
          offer.noun(),
          from,
          describe(r.reason()));
      r.answer().ifPresent(answer -> phone.send(from, offer.refusal(answer), null));
      return;
    }
    rejection = offer.remember(guard, from, now);
    if (rejection != null) {
      refuseByGuard(from, offer, "guard-" + rejection, rejection, offer.answerTo(rejection));
      return;
    }
    Optional<EndReason> quiet = // S6 presence: answered busy; nothing is made for it
        doNotDisturb(
            phone.doNotDisturb(), decision, offer.replaces(), phone.probes.policy(), contact);
    if (quiet.isPresent()) {
      phone.probes.quiet().turnAway(from, offer, quiet.get()); // S7 tel: late if others online
      return;
    }
    for (CallId loser : decision.loseGlare()) {
      Call other = calls.get(loser);
      if (other != null) {
        phone.thread().guarded(other, other::lostGlare);
      }
    }
    if (decision instanceof CallAdmission.Refuse r) {
      phone.send(from, offer.refusal(r.answer().orElseThrow()), null);
      return;
    }
    Call replaced = null; // S5 xfer: an attended transfer's invite replaces a call of ours
    if (offer instanceof IncomingOffer.Invite i
        && offer.replaces()
        && (replaced = phone.transfers.replaced(from, i.invite, calls)) == null) {
      refuse(from, offer, "bad-replace", "replace token refused", EndReason.REJECTED);
      return;
    }
    phone.messages.lookAhead(from); // for our RINGING: the lookup overlaps making the ringing call
    Call call = new Call(phone, offer.callId(), from, CallDirection.INCOMING, offer.profile());
    calls.put(call.id(), call);
    phone.thread().guarded(call, () -> offer.ring(call, phone, contact));
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
      PeerId from, IncomingOffer offer, String kind, Object why, EndReason answer) {
    refusedByGuard++;
    refuse(from, offer, kind, why, answer);
  }

  /** Counts and logs (rate-limited) a refused offer, answering it if the refusal rate allows. */
  private void refuse(PeerId from, IncomingOffer offer, String kind, Object why, EndReason answer) {
    refused.incrementAndGet();
    warnings.warn(kind, "refused an {} from {}: {}", offer.noun(), from, why);
    if (answer != null) {
      Optional<EndReason> within = admission.answer(answer);
      within.ifPresent(a -> phone.send(from, offer.refusal(a), null));
    }
  }
}
