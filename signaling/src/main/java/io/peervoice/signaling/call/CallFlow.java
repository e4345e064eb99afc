package io.peervoice.signaling.call;

import java.util.List;
import java.util.Objects;

/**
 * One call's signaling state machine ({@code docs/calls.md}), for either side. Pure logic: it sends
 * through a {@link CallFlowPort}, keeps time through {@link Timers}, and must be driven from one
 * thread. Duplicated messages are dropped by their sequence number; messages for a state already
 * left are ignored; so losses, repeats and reordering of the overlay cannot wedge a call. Sending
 * is {@link CallOutbox}'s, receiving {@link CallInbox}'s, the set-up timeout {@link CallTimer}'s
 * and choosing how our side ends a call {@link CallEnding}'s.
 */
public final class CallFlow {

  /** Which end of the call this is. */
  public enum Role {
    CALLER,
    CALLEE
  }

  /** Schedules work on the flow's thread. */
  public interface Timers {
    /** Runs {@code task} after {@code millis}; the returned handle cancels it. */
    Runnable schedule(long millis, Runnable task);
  }

  /** Time limits of a call's set-up. */
  public record Timeouts(long inviteMillis, long ringMillis) {
    public static Timeouts defaults() {
      return new Timeouts(10_000, 60_000);
    }
  }

  /** The most messages one side may send in a call (bounds the duplicate filter). */
  static final int MAX_SEQ = 65_535;

  private final CallId id;
  private final Role role;
  private final CallFlowPort port;
  private final CallOutbox out;
  private final CallTimer timer;
  private final CallInbox in;
  private final CallEnding ending;
  private CallState state;
  private EndReason endReason;
  private EndReason remoteReason;
  private boolean localHold;

  private CallFlow(
      CallId id,
      Role role,
      CallFlowPort port,
      Timers timers,
      Timeouts timeouts,
      long device,
      int firstSeq) {
    this.id = Objects.requireNonNull(id, "id");
    this.role = role;
    this.port = port;
    this.out = new CallOutbox(port, device, firstSeq);
    this.timer = new CallTimer(timers);
    this.in = new CallInbox(this, port, out, timer, timeouts);
    this.ending = new CallEnding(this, out);
  }

  /** A call we place: sends {@code invite} (an INVITE or WEB_OFFER, seq 0), awaits ringing. */
  public static CallFlow dial(
      CallMessage invite, CallFlowPort port, Timers timers, Timeouts timeouts) {
    CallFlow f = new CallFlow(invite.callId(), Role.CALLER, port, timers, timeouts, 0, 1);
    f.move(CallState.DIALING, null);
    port.send(invite);
    f.timer.arm(timeouts.inviteMillis(), () -> f.giveUp(EndReason.UNREACHABLE));
    return f;
  }

  /** A call we receive (after its invite was checked): tells the caller our phone rings. */
  public static CallFlow ring(
      CallMessage.Invite invite,
      byte[] description,
      CallFlowPort port,
      Timers timers,
      Timeouts timeouts) {
    return ring(invite, description, port, timers, timeouts, 0);
  }

  /**
   * As {@link #ring(CallMessage.Invite, byte[], CallFlowPort, Timers, Timeouts)} on callee device
   * {@code device} (0: none named), which tags everything it sends and ignores a CANCEL that spares
   * it. S6 wrtcj: {@code invite} is an INVITE, or a WEB_OFFER with an empty {@code description}.
   */
  public static CallFlow ring(
      CallMessage invite,
      byte[] description,
      CallFlowPort port,
      Timers timers,
      Timeouts timeouts,
      long device) {
    CallFlow f = new CallFlow(invite.callId(), Role.CALLEE, port, timers, timeouts, device, 0);
    f.in.seen(invite.seq());
    f.move(CallState.RINGING, null);
    f.out.send(new CallMessage.Ringing(f.id, f.out.seq(), description));
    f.timer.arm(timeouts.ringMillis() + timeouts.inviteMillis(), () -> f.end(EndReason.NO_ANSWER));
    return f;
  }

  /**
   * Refuses an invite without ringing: busy ({@link EndReason#BUSY}, also for a callee at its limit
   * of concurrent calls), lost glare ({@link EndReason#GLARE}) or refused ({@link
   * EndReason#REJECTED}: over the callee's invite rate limits, or a malformed offer); S6 presence:
   * {@link EndReason#DO_NOT_DISTURB} is a BUSY that says so.
   */
  public static CallMessage refusal(CallMessage.Invite invite, EndReason why) {
    return why == EndReason.BUSY || why == EndReason.DO_NOT_DISTURB
        ? new CallMessage.Busy(invite.callId(), 0, why)
        : new CallMessage.Cancel(invite.callId(), 0, why);
  }

  public CallId id() {
    return id;
  }

  public Role role() {
    return role;
  }

  public CallState state() {
    return state;
  }

  public EndReason endReason() {
    return endReason;
  }

  public boolean onHold() {
    return localHold;
  }

  /** Messages dropped as duplicates or out of place. */
  public long ignored() {
    return in.ignored();
  }

  /**
   * Callee: answers a ringing call with our key share, the chosen SRTP profile and our media
   * description.
   */
  public void answer(byte[] keyShare, String profile, byte[] description) {
    require(role == Role.CALLEE && state == CallState.RINGING, "answer");
    out.send(new CallMessage.Answer(id, out.seq(), keyShare, profile, description));
    move(CallState.ACTIVE, null);
  }

  /** S6 wrtcj: callee: answers a ringing WebRTC call with our SDP answer. */
  public void answerWeb(String sdp) {
    require(role == Role.CALLEE && state == CallState.RINGING, "answer");
    out.send(new CallMessage.WebAnswer(id, out.seq(), sdp));
    move(CallState.ACTIVE, null);
  }

  /** Callee: declines a ringing call. */
  public void decline() {
    require(role == Role.CALLEE && state == CallState.RINGING, "decline");
    out.send(new CallMessage.Decline(id, out.seq()));
    end(EndReason.DECLINED);
  }

  /** Ends the call from our side, whatever its state: cancel, decline or hang up. */
  public void hangup() {
    ending.hangup();
  }

  /**
   * Callee: stops ringing on this device only (it is closing), as a CANCEL({@link
   * EndReason#CLOSED}) the caller ignores while another device of ours rings; {@link #hangup()} in
   * any other state.
   */
  public void leave() {
    ending.leave();
  }

  /** Ends an active call because its media failed, telling the peer. */
  public void mediaFailed() {
    endBecause(EndReason.MEDIA_FAILED);
  }

  /**
   * Ends the call for a reason of this side other than its user's hang-up ({@link
   * EndReason#DEVICE_FAILED}, {@link EndReason#NO_AUDIO}, {@link EndReason#PEER_VANISHED}, {@link
   * EndReason#MEDIA_FAILED}), telling the peer with a HANGUP that carries the reason, which the
   * peer reads as {@link #remoteReason()}.
   */
  public void endBecause(EndReason reason) {
    ending.endBecause(reason);
  }

  /**
   * Why the peer ended the call, as its HANGUP said ({@link EndReason#LOCAL_HANGUP} for its user's
   * hang-up, or from a phone that predates the field); empty unless the call ended {@link
   * EndReason#REMOTE_HANGUP}, or (S6 presence) {@link EndReason#BUSY} because the callee's phone is
   * set to do not disturb: then it is {@link EndReason#DO_NOT_DISTURB}.
   */
  public java.util.Optional<EndReason> remoteReason() {
    return java.util.Optional.ofNullable(remoteReason);
  }

  /**
   * Ends the call because this side's handling of it failed ({@link EndReason#ERROR}), telling the
   * peer: a {@link CallMessage.Cancel} with that reason before an answer, a hang-up after.
   */
  public void fail() {
    ending.fail();
  }

  /** Ends the call without telling the peer (the message could not be delivered, or closing). */
  public void abort(EndReason reason) {
    end(reason);
  }

  /** Puts an active call on hold or takes it off. */
  public void hold(boolean held) {
    require(state == CallState.ACTIVE, "hold");
    if (held != localHold) {
      localHold = held;
      out.send(new CallMessage.Hold(id, out.seq(), held));
    }
  }

  /** Sends trickled candidates (any state before the end). */
  public void candidates(List<String> candidates, boolean end) {
    if (state != CallState.ENDED) {
      out.send(new CallMessage.Candidates(id, out.seq(), candidates, end));
    }
  }

  /** Sends an ICE restart offer or answer on an active call. */
  public void restart(boolean answer, byte[] description) {
    require(state == CallState.ACTIVE, "ICE restart");
    out.send(new CallMessage.Restart(id, out.seq(), answer, description));
  }

  /** S5 conf: tells the peer who is in the conference we host (an active call only). */
  public void conference(long epoch, List<CallMessage.ConferenceMember> members) {
    require(state == CallState.ACTIVE, "send a conference state on");
    out.send(new CallMessage.Conference(id, out.seq(), epoch, members));
  }

  /** S5 xfer: asks the peer to call {@code target}, with an attended transfer's token or none. */
  public void transfer(byte[] target, byte[] token) {
    require(state == CallState.ACTIVE, "transfer");
    out.send(new CallMessage.Transfer(id, out.seq(), target, token));
  }

  /** S5 xfer: tells the peer how its transfer request went (an active call only). */
  public void transferStatus(TransferOutcome outcome, EndReason reason) {
    if (state == CallState.ACTIVE) {
      out.send(new CallMessage.TransferStatus(id, out.seq(), outcome, reason));
    }
  }

  /** Applies a message from the peer. */
  public void received(CallMessage m) {
    received(m, 0);
  }

  /**
   * Applies a message from the peer naming callee device {@code from} (0: none). A caller follows
   * the callee's devices apart ({@link CallBranches}): the first ANSWER takes the call and every
   * other device is sent a CANCEL({@link EndReason#ANSWERED_ELSEWHERE}) that spares the winner.
   */
  public void received(CallMessage m, long from) {
    in.received(m, from);
  }

  /** The peer hung up, saying why in its HANGUP. */
  void remoteHangup(EndReason reason) {
    remoteReason = reason;
    end(EndReason.REMOTE_HANGUP);
  }

  /** S6 presence: a caller's call is refused BUSY for {@code reason} (do not disturb). */
  void remoteBusy(EndReason reason) {
    remoteReason = reason;
  }

  /** Cancels a call still being set up (its timeout expired). */
  void giveUp(EndReason reason) {
    ending.giveUp(reason);
  }

  void end(EndReason reason) {
    if (state != CallState.ENDED) {
      move(CallState.ENDED, reason);
    }
  }

  void move(CallState next, EndReason reason) {
    if (state == CallState.ENDED) {
      return; // nothing revives an ended call
    }
    timer.cancel();
    state = next;
    endReason = reason;
    port.stateChanged(next, reason);
  }

  private void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("cannot " + what + " a call that is " + state);
    }
  }
}
