package io.peervoice.sdk;

import io.peervoice.signaling.LogText;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.TransferOutcome;
import io.peervoice.signaling.call.TransferResult;
import io.peervoice.signaling.call.TransferToken;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S5 xfer: a phone's call transfers, blind and attended ({@code docs/transfer.md}), in each of the
 * three roles: the transferor that asks, the transferee that places the new call and reports on it,
 * the target whose consultation call a replacing invite takes over. Every table holds calls that
 * have not ended (at most {@link PhoneConfig#maxCalls()}); an ended call leaves them. On the
 * signaling thread.
 */
final class CallTransfers {
  private static final Logger log = LoggerFactory.getLogger(CallTransfers.class);

  /** How long an attended transfer's token is valid (its invite must reach the target by then). */
  static final long TOKEN_MILLIS = 15_000;

  private final Phone phone;

  /** Transferor: our call to the transferee, and what we asked for on it. */
  private final Map<Call, Asked> asked = new HashMap<>();

  /** Transferee: the call we placed to the target, and the transferor's call that asked for it. */
  private final Map<Call, Call> placed = new HashMap<>();

  /** The token the next {@link Phone#call} carries (set only around that call). */
  private byte[] nextToken = new byte[0];

  private record Asked(
      PeerId target,
      Call consultation,
      long startNanos,
      Runnable timer,
      CompletableFuture<TransferResult> result) {}

  CallTransfers(Phone phone) {
    this.phone = phone;
  }

  // ---- transferor ----

  /**
   * Blind: asks {@code call}'s peer to call {@code target}; our call ends once the target rings.
   */
  CompletableFuture<TransferResult> blind(Call call, PeerId target) {
    if (target.equals(call.peer()) || target.equals(phone.id())) {
      throw new IllegalArgumentException("transfer the peer to a third party, not " + target);
    }
    return ask(call, target, null, new byte[0]);
  }

  /** Attended: {@code call}'s peer calls {@code consultation}'s peer, replacing that call. */
  CompletableFuture<TransferResult> attended(Call call, Call consultation) {
    if (consultation == call || consultation.state() != CallState.ACTIVE) {
      throw new IllegalStateException("attended transfer needs a second active call");
    }
    if (consultation.peer().equals(call.peer())) {
      throw new IllegalArgumentException("both calls are with " + call.peer());
    }
    TransferToken token =
        TransferToken.sign(
            phone.config().identity(),
            call.peer(),
            consultation.peer(),
            consultation.id(),
            phone.wallMillis.getAsLong(),
            TOKEN_MILLIS);
    return ask(call, consultation.peer(), consultation, token.encode());
  }

  private CompletableFuture<TransferResult> ask(
      Call call, PeerId target, Call consultation, byte[] token) {
    if (call.state() != CallState.ACTIVE) {
      throw new IllegalStateException("only an active call can be transferred; this is " + call);
    }
    if (asked.containsKey(call)) {
      throw new IllegalStateException("a transfer of this call is already under way");
    }
    CompletableFuture<TransferResult> result = new CompletableFuture<>();
    long timeout = 2 * phone.config().inviteTimeout().toMillis() + 5_000;
    Runnable timer = phone.thread().timers(call).schedule(timeout, () -> timedOut(call));
    asked.put(call, new Asked(target, consultation, System.nanoTime(), timer, result));
    call.flow().transfer(target.bytes(), token);
    return result;
  }

  private void timedOut(Call call) {
    Asked a = asked.get(call);
    if (a != null) {
      finish(call, a, TransferOutcome.FAILED, EndReason.UNREACHABLE);
    }
  }

  /** The transferee reports on our request. */
  void status(Call call, CallMessage.TransferStatus s) {
    Asked a = asked.get(call);
    if (a == null) {
      log.debug("call {}: transfer status {} for nothing we asked", call.id(), s.outcome());
      return;
    }
    TransferOutcome o = s.outcome();
    boolean done =
        o == TransferOutcome.REFUSED
            || o == TransferOutcome.FAILED
            || (o == TransferOutcome.RINGING && a.consultation() == null)
            || o == TransferOutcome.ANSWERED;
    if (!done) {
      call.events().transferOutcome(result(a, o, EndReason.TRANSFERRED));
      return;
    }
    finish(call, a, o, o.completed() ? EndReason.TRANSFERRED : s.reason());
    if (o.completed()) { // we drop out: of both calls for an attended transfer
      call.flow().endBecause(EndReason.TRANSFERRED);
      if (a.consultation() != null && a.consultation().state() != CallState.ENDED) {
        a.consultation().flow().endBecause(EndReason.TRANSFERRED);
      }
    }
  }

  private void finish(Call call, Asked a, TransferOutcome o, EndReason reason) {
    asked.remove(call);
    a.timer().run();
    TransferResult r = result(a, o, reason);
    log.info(
        "call {}: transfer to {}: {} ({}) in {} ms", call.id(), a.target(), o, reason, r.millis());
    call.events().transferOutcome(r);
    phone.thread().settle(() -> a.result().complete(r)); // as other futures: not on signaling
  }

  private static TransferResult result(Asked a, TransferOutcome o, EndReason reason) {
    return new TransferResult(
        a.target(), o, reason, (System.nanoTime() - a.startNanos()) / 1_000_000);
  }

  // ---- transferee ----

  /** The peer of {@code call} asks us to call a target; our policy decides. */
  void requested(Call call, CallMessage.Transfer t) {
    PeerId target = new PeerId(t.target());
    boolean contact = phone.config().contacts().contains(call.peer());
    CallListener.TransferDecision decision = CallListener.TransferDecision.ACCEPTED;
    if (target.equals(phone.id()) || target.equals(call.peer())) {
      decision = CallListener.TransferDecision.INVALID_TARGET;
    } else if (placed.containsValue(call)) {
      decision = CallListener.TransferDecision.BUSY; // one transfer at a time per call
    } else if (!phone.config().transfers().allows(contact)) {
      decision = CallListener.TransferDecision.NOT_ALLOWED;
    }
    if (!decision.accepted()) {
      EndReason refusal =
          decision == CallListener.TransferDecision.BUSY ? EndReason.BUSY : EndReason.REJECTED;
      log.info("call {}: refused to transfer to {} ({}, {})", call.id(), target, decision, refusal);
      call.flow().transferStatus(TransferOutcome.REFUSED, refusal);
      call.events().transferRequested(target, decision);
      return;
    }
    call.flow().transferStatus(TransferOutcome.ACCEPTED, EndReason.TRANSFERRED);
    call.events().transferRequested(target, decision);
    Call next;
    nextToken = t.token();
    try {
      next = phone.call(target);
    } catch (PhoneException | RuntimeException e) {
      log.warn("call {}: could not call {}: {}", call.id(), target, LogText.escape(e));
      call.flow().transferStatus(TransferOutcome.FAILED, EndReason.BUSY);
      return;
    } finally {
      nextToken = new byte[0];
    }
    placed.put(next, call);
  }

  /** The replace token the invite being built carries (empty for an ordinary call). */
  byte[] nextToken() {
    return nextToken;
  }

  // ---- target ----

  /**
   * An invite from {@code from} carries a replace token: the consultation call it replaces, or null
   * when the token does not hold (forged, expired, naming others, no such call) or the policy
   * refuses; the invite is then refused.
   */
  Call replaced(PeerId from, CallMessage.Invite invite, Map<?, Call> calls) {
    TransferToken token;
    try {
      token = TransferToken.decode(invite.replaces());
    } catch (IllegalArgumentException e) {
      return null;
    }
    Call consultation = calls.get(token.consultation());
    PeerId peer =
        consultation != null && consultation.state() == CallState.ACTIVE
            ? consultation.peer()
            : null;
    TransferToken.Problem problem =
        token.verify(from, phone.id(), peer, phone.wallMillis.getAsLong());
    if (problem == null
        && !phone.config().transfers().allows(phone.config().contacts().contains(peer))) {
      log.info("invite from {} replacing call {}: refused by policy", from, token.consultation());
      return null;
    }
    if (problem != null) {
      log.info("invite from {} with a replace token refused: {}", from, problem);
      return null;
    }
    return consultation;
  }

  /** The replacing call {@code call} rings: take it, and end the consultation call it replaces. */
  void replace(Call call, Call consultation) {
    if (call.state() != CallState.RINGING) {
      return;
    }
    call.answer();
    if (consultation.state() != CallState.ENDED) {
      consultation.flow().endBecause(EndReason.TRANSFERRED);
    }
  }

  // ---- every call ----

  /** A call of ours changed state: a call placed for a transfer reports to the transferor. */
  void stateChanged(Call call, CallState state, EndReason reason) {
    if (state == CallState.ENDED) {
      Asked a = asked.get(call);
      if (a != null) {
        finish(call, a, TransferOutcome.FAILED, reason);
      }
    }
    Call original = placed.get(call);
    if (original == null) {
      return;
    }
    switch (state) {
      case RINGING ->
          original.flow().transferStatus(TransferOutcome.RINGING, EndReason.TRANSFERRED);
      case ACTIVE -> {
        placed.remove(call);
        original.flow().transferStatus(TransferOutcome.ANSWERED, EndReason.TRANSFERRED);
      }
      case ENDED -> {
        placed.remove(call);
        original.flow().transferStatus(TransferOutcome.FAILED, reason);
      }
      default -> {}
    }
  }
}
