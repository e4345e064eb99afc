package io.peervoice.signaling.call;

import java.util.BitSet;

/**
 * What one side of a call receives: drops duplicates (by sequence number, per callee device on a
 * caller, through {@link CallBranches}) and messages for a state already left, and turns each fresh
 * message from the peer into its {@link CallFlow}'s transition or a {@link CallFlowPort} callback.
 * Counts what it drops.
 */
final class CallInbox {
  private final CallFlow flow;
  private final CallFlowPort port;
  private final CallOutbox out;
  private final CallTimer timer;
  private final CallFlow.Timeouts timeouts;
  private final BitSet seen = new BitSet();
  private final CallBranches branches = new CallBranches();
  private long ignored;

  CallInbox(
      CallFlow flow,
      CallFlowPort port,
      CallOutbox out,
      CallTimer timer,
      CallFlow.Timeouts timeouts) {
    this.flow = flow;
    this.port = port;
    this.out = out;
    this.timer = timer;
    this.timeouts = timeouts;
  }

  /** Callee: marks {@code seq} as received (the invite's, checked before the flow began). */
  void seen(int seq) {
    seen.set(seq);
  }

  /** Messages dropped as duplicates or out of place. */
  long ignored() {
    return ignored;
  }

  /** Applies a message from the peer naming callee device {@code from} (0: none). */
  void received(CallMessage m, long from) {
    boolean fresh =
        m.callId().equals(flow.id())
            && m.seq() >= 0
            && m.seq() <= CallFlow.MAX_SEQ
            && flow.state() != CallState.ENDED
            && (flow.role() == CallFlow.Role.CALLER
                ? branches.fresh(from, m.seq())
                : !seen.get(m.seq()));
    if (!fresh) {
      ignored++;
      return;
    }
    if (flow.role() == CallFlow.Role.CALLER) {
      callerReceived(m, from);
    } else if (m instanceof CallMessage.Cancel c) {
      seen.set(m.seq());
      if (from != 0 && from == out.device()) {
        ignored++; // the call was taken here: the caller cancels the other devices
      } else {
        flow.end(CallBranches.calleeEnd(c.reason()));
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
      flow.remoteHangup(h.reason());
    } else if (m instanceof CallMessage.Hold h && flow.state() == CallState.ACTIVE) {
      port.remoteHold(h.held());
    } else if (m instanceof CallMessage.Restart r && flow.state() == CallState.ACTIVE) {
      port.remoteRestart(r);
    } else if (m instanceof CallMessage.Conference c && flow.state() == CallState.ACTIVE) {
      if (!port.remoteConference(c)) {
        ignored++; // S5 conf: stale, malformed or not from the host
      }
    } else if (m instanceof CallMessage.Transfer t && flow.state() == CallState.ACTIVE) {
      port.remoteTransfer(t); // S5 xfer
    } else if (m instanceof CallMessage.TransferStatus t && flow.state() == CallState.ACTIVE) {
      port.remoteTransferStatus(t);
    } else {
      ignored++;
    }
  }

  private void callerReceived(CallMessage m, long from) {
    boolean early = flow.state() == CallState.DIALING || flow.state() == CallState.RINGING;
    CallBranches.Step step = branches.decide(m, from, early);
    switch (step) {
      case TELL -> {
        ignored++;
        sendTaken();
      }
      case RING -> {
        if (flow.state() == CallState.DIALING) {
          flow.move(CallState.RINGING, null);
          timer.arm(timeouts.ringMillis(), () -> flow.giveUp(EndReason.NO_ANSWER));
          port.ringing((CallMessage.Ringing) m);
        }
      }
      case ANSWER, ANSWER_AND_TELL -> {
        boolean tell = step == CallBranches.Step.ANSWER_AND_TELL;
        if (m instanceof CallMessage.WebAnswer w) { // S6 wrtcj: a WebRTC answer
          if (flow.state() == CallState.DIALING) {
            port.ringing(new CallMessage.Ringing(flow.id(), -1, new byte[0]));
          }
          flow.move(CallState.ACTIVE, null);
          port.webAnswered(w);
          tellIfTaken(tell);
          return;
        }
        CallMessage.Answer a = (CallMessage.Answer) m;
        if (flow.state() == CallState.DIALING) {
          port.ringing(new CallMessage.Ringing(flow.id(), -1, a.answer()));
          if (flow.state() == CallState.ENDED) {
            return; // its description ended the call (unusable): nothing revives it
          }
        }
        flow.move(CallState.ACTIVE, null);
        port.answered(a);
        tellIfTaken(tell);
      }
      case END -> {
        if (from != 0) { // its siblings may ring still, or late: a CANCEL sparing it stops them
          port.send(
              new CallMessage.Cancel(flow.id(), out.seq(), CallBranches.forSiblings(m)), from);
        }
        if (m instanceof CallMessage.Busy b && b.reason() == EndReason.DO_NOT_DISTURB) {
          flow.remoteBusy(b.reason()); // S6 presence: BUSY, do not disturb as the remote reason
        }
        flow.end(CallBranches.callerEnd(m));
      }
      case COMMON -> calleeReceived(m);
      default -> ignored++;
    }
  }

  /**
   * S8 review: the other devices are told once the answer took the call, not before: an answer that
   * ended it (an unusable description, a refused profile) is no call taken, and the caller's HANGUP
   * tells them so instead.
   */
  private void tellIfTaken(boolean tell) {
    if (tell && flow.state() == CallState.ACTIVE) {
      sendTaken();
    }
  }

  /** A CANCEL that every device of the callee receives and only the one that answered ignores. */
  private void sendTaken() {
    port.send(
        new CallMessage.Cancel(flow.id(), out.seq(), EndReason.ANSWERED_ELSEWHERE),
        branches.followed());
  }
}
