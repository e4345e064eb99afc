package io.peervoice.signaling.call;

import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * One call's signaling state machine ({@code docs/calls.md}), for either side. Pure logic: it sends
 * through a {@link Port}, keeps time through {@link Timers}, and must be driven from one thread.
 * Duplicated messages are dropped by their sequence number; messages for a state already left are
 * ignored; so losses, repeats and reordering of the overlay cannot wedge a call.
 */
public final class CallFlow {

  /** Which end of the call this is. */
  public enum Role {
    CALLER,
    CALLEE
  }

  /** What the flow asks of its owner. Called on the flow's thread. */
  public interface Port {
    /** Send to the peer (sealed, through the overlay). */
    void send(CallMessage message);

    /**
     * Send to the peer, naming a callee device ({@link CallMessages#encode(CallMessage, long)}):
     * ours on a callee, the one a caller's CANCEL spares; 0 names none.
     */
    default void send(CallMessage message, long device) {
      send(message);
    }

    /** The call moved to {@code state}; {@code reason} is set once it ended. */
    void stateChanged(CallState state, EndReason reason);

    /** Caller: the callee's phone rings; its early description lets ICE start now. */
    default void ringing(CallMessage.Ringing ringing) {}

    /** Caller: the callee answered; start media with its answer. */
    default void answered(CallMessage.Answer answer) {}

    /** Trickled remote candidates. */
    default void remoteCandidates(List<String> candidates, boolean end) {}

    /** The peer put the call on hold or took it off. */
    default void remoteHold(boolean held) {}

    /** The peer sent an ICE restart offer or answer. */
    default void remoteRestart(CallMessage.Restart restart) {}
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
  private final Port port;
  private final Timers timers;
  private final Timeouts timeouts;
  private final BitSet seen = new BitSet();
  private final CallBranches branches = new CallBranches();
  private long device;
  private CallState state;
  private EndReason endReason;
  private EndReason remoteReason;
  private int nextSeq;
  private Runnable timer = () -> {};
  private boolean localHold;
  private long ignored;

  private CallFlow(CallId id, Role role, Port port, Timers timers, Timeouts timeouts) {
    this.id = Objects.requireNonNull(id, "id");
    this.role = role;
    this.port = port;
    this.timers = timers;
    this.timeouts = timeouts;
  }

  /**
   * A call we place: sends {@code invite} (whose seq must be 0) and waits for the phone to ring.
   */
  public static CallFlow dial(
      CallMessage.Invite invite, Port port, Timers timers, Timeouts timeouts) {
    CallFlow f = new CallFlow(invite.callId(), Role.CALLER, port, timers, timeouts);
    f.nextSeq = 1;
    f.move(CallState.DIALING, null);
    port.send(invite);
    f.arm(timeouts.inviteMillis(), () -> f.giveUp(EndReason.UNREACHABLE));
    return f;
  }

  /** A call we receive (after its invite was checked): tells the caller our phone rings. */
  public static CallFlow ring(
      CallMessage.Invite invite, byte[] description, Port port, Timers timers, Timeouts timeouts) {
    return ring(invite, description, port, timers, timeouts, 0);
  }

  /**
   * As {@link #ring(CallMessage.Invite, byte[], Port, Timers, Timeouts)} on callee device {@code
   * device} (0: none named), which tags everything it sends and ignores a CANCEL that spares it.
   */
  public static CallFlow ring(
      CallMessage.Invite invite,
      byte[] description,
      Port port,
      Timers timers,
      Timeouts timeouts,
      long device) {
    CallFlow f = new CallFlow(invite.callId(), Role.CALLEE, port, timers, timeouts);
    f.device = device;
    f.seen.set(invite.seq());
    f.move(CallState.RINGING, null);
    f.send(new CallMessage.Ringing(f.id, f.seq(), description));
    f.arm(timeouts.ringMillis() + timeouts.inviteMillis(), () -> f.end(EndReason.NO_ANSWER));
    return f;
  }

  /**
   * Refuses an invite without ringing: busy ({@link EndReason#BUSY}, also for a callee at its limit
   * of concurrent calls), lost glare ({@link EndReason#GLARE}) or refused ({@link
   * EndReason#REJECTED}: over the callee's invite rate limits, or a malformed offer).
   */
  public static CallMessage refusal(CallMessage.Invite invite, EndReason why) {
    return why == EndReason.BUSY
        ? new CallMessage.Busy(invite.callId(), 0)
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
    return ignored;
  }

  /**
   * Callee: answers a ringing call with our key share, the chosen SRTP profile and our media
   * description.
   */
  public void answer(byte[] keyShare, String profile, byte[] description) {
    require(role == Role.CALLEE && state == CallState.RINGING, "answer");
    send(new CallMessage.Answer(id, seq(), keyShare, profile, description));
    move(CallState.ACTIVE, null);
  }

  /** Callee: declines a ringing call. */
  public void decline() {
    require(role == Role.CALLEE && state == CallState.RINGING, "decline");
    send(new CallMessage.Decline(id, seq()));
    end(EndReason.DECLINED);
  }

  /** Ends the call from our side, whatever its state: cancel, decline or hang up. */
  public void hangup() {
    switch (state) {
      case DIALING, RINGING -> {
        if (role == Role.CALLER) {
          send(new CallMessage.Cancel(id, seq(), EndReason.CANCELLED));
          end(EndReason.CANCELLED);
        } else {
          decline();
        }
      }
      case ACTIVE -> {
        send(new CallMessage.Hangup(id, seq()));
        end(EndReason.LOCAL_HANGUP);
      }
      default -> {}
    }
  }

  /**
   * Callee: stops ringing on this device only (it is closing), as a CANCEL({@link
   * EndReason#CLOSED}) the caller ignores while another device of ours rings; {@link #hangup()} in
   * any other state.
   */
  public void leave() {
    if (role == Role.CALLEE && state == CallState.RINGING) {
      send(new CallMessage.Cancel(id, seq(), EndReason.CLOSED));
      end(EndReason.CLOSED);
    } else {
      hangup();
    }
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
    if (state != CallState.ENDED) {
      send(new CallMessage.Hangup(id, seq(), reason));
      end(reason);
    }
  }

  /**
   * Why the peer ended the call, as its HANGUP said ({@link EndReason#LOCAL_HANGUP} for its user's
   * hang-up, or from a phone that predates the field); empty unless the call ended {@link
   * EndReason#REMOTE_HANGUP}.
   */
  public java.util.Optional<EndReason> remoteReason() {
    return java.util.Optional.ofNullable(remoteReason);
  }

  /**
   * Ends the call because this side's handling of it failed ({@link EndReason#ERROR}), telling the
   * peer: a {@link CallMessage.Cancel} with that reason before an answer, a hang-up after.
   */
  public void fail() {
    if (state != CallState.ENDED) {
      send(
          state == CallState.ACTIVE
              ? new CallMessage.Hangup(id, seq(), EndReason.ERROR)
              : new CallMessage.Cancel(id, seq(), EndReason.ERROR));
      end(EndReason.ERROR);
    }
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
      send(new CallMessage.Hold(id, seq(), held));
    }
  }

  /** Sends trickled candidates (any state before the end). */
  public void candidates(List<String> candidates, boolean end) {
    if (state != CallState.ENDED) {
      send(new CallMessage.Candidates(id, seq(), candidates, end));
    }
  }

  /** Sends an ICE restart offer or answer on an active call. */
  public void restart(boolean answer, byte[] description) {
    require(state == CallState.ACTIVE, "ICE restart");
    send(new CallMessage.Restart(id, seq(), answer, description));
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
    boolean fresh =
        m.callId().equals(id)
            && m.seq() >= 0
            && m.seq() <= MAX_SEQ
            && state != CallState.ENDED
            && (role == Role.CALLER ? branches.fresh(from, m.seq()) : !seen.get(m.seq()));
    if (!fresh) {
      ignored++;
      return;
    }
    if (role == Role.CALLER) {
      callerReceived(m, from);
    } else if (m instanceof CallMessage.Cancel c) {
      seen.set(m.seq());
      if (from != 0 && from == device) {
        ignored++; // the call was taken here: the caller cancels the other devices
      } else {
        end(CallBranches.calleeEnd(c.reason()));
      }
    } else {
      seen.set(m.seq());
      calleeReceived(m);
    }
  }

  private void calleeReceived(CallMessage m) {
    if (m instanceof CallMessage.Candidates c) {
      port.remoteCandidates(c.candidates(), c.end());
    } else if (m instanceof CallMessage.Hangup h) {
      remoteReason = h.reason();
      end(EndReason.REMOTE_HANGUP);
    } else if (m instanceof CallMessage.Hold h && state == CallState.ACTIVE) {
      port.remoteHold(h.held());
    } else if (m instanceof CallMessage.Restart r && state == CallState.ACTIVE) {
      port.remoteRestart(r);
    } else {
      ignored++;
    }
  }

  private void callerReceived(CallMessage m, long from) {
    boolean early = state == CallState.DIALING || state == CallState.RINGING;
    CallBranches.Step step = branches.decide(m, from, early);
    switch (step) {
      case TELL -> {
        ignored++;
        sendTaken();
      }
      case RING -> {
        if (state == CallState.DIALING) {
          move(CallState.RINGING, null);
          arm(timeouts.ringMillis(), () -> giveUp(EndReason.NO_ANSWER));
          port.ringing((CallMessage.Ringing) m);
        }
      }
      case ANSWER, ANSWER_AND_TELL -> {
        if (step == CallBranches.Step.ANSWER_AND_TELL) {
          sendTaken();
        }
        CallMessage.Answer a = (CallMessage.Answer) m;
        if (state == CallState.DIALING) {
          port.ringing(new CallMessage.Ringing(id, -1, a.answer()));
        }
        move(CallState.ACTIVE, null);
        port.answered(a);
      }
      case END -> {
        if (from != 0) { // its siblings may ring still, or late: a CANCEL sparing it stops them
          port.send(new CallMessage.Cancel(id, seq(), CallBranches.forSiblings(m)), from);
        }
        end(CallBranches.callerEnd(m));
      }
      case COMMON -> calleeReceived(m);
      default -> ignored++;
    }
  }

  /** A CANCEL that every device of the callee receives and only the one that answered ignores. */
  private void sendTaken() {
    port.send(new CallMessage.Cancel(id, seq(), EndReason.ANSWERED_ELSEWHERE), branches.followed());
  }

  private void giveUp(EndReason reason) {
    if (state == CallState.DIALING || state == CallState.RINGING) {
      send(new CallMessage.Cancel(id, seq(), reason));
      end(reason);
    }
  }

  private void end(EndReason reason) {
    if (state != CallState.ENDED) {
      move(CallState.ENDED, reason);
    }
  }

  private void move(CallState next, EndReason reason) {
    timer.run();
    timer = () -> {};
    state = next;
    endReason = reason;
    port.stateChanged(next, reason);
  }

  private void arm(long millis, Runnable task) {
    timer.run();
    timer = timers.schedule(millis, task);
  }

  private int seq() {
    return nextSeq++;
  }

  private void send(CallMessage m) {
    if (device != 0) {
      port.send(m, device);
    } else {
      port.send(m);
    }
  }

  private void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("cannot " + what + " a call that is " + state);
    }
  }
}
