package io.peervoice.signaling.call;

/**
 * How this side ends a call: which message tells the peer (a CANCEL before an answer on a caller, a
 * DECLINE or CANCEL on a ringing callee, a HANGUP once active, each with its reason) before its
 * {@link CallFlow} moves to {@link CallState#ENDED}.
 */
final class CallEnding {
  private final CallFlow flow;
  private final CallOutbox out;

  CallEnding(CallFlow flow, CallOutbox out) {
    this.flow = flow;
    this.out = out;
  }

  /** See {@link CallFlow#hangup()}. */
  void hangup() {
    switch (flow.state()) {
      case DIALING, RINGING -> {
        if (flow.role() == CallFlow.Role.CALLER) {
          out.send(new CallMessage.Cancel(flow.id(), out.seq(), EndReason.CANCELLED));
          flow.end(EndReason.CANCELLED);
        } else {
          flow.decline();
        }
      }
      case ACTIVE -> {
        out.send(new CallMessage.Hangup(flow.id(), out.seq()));
        flow.end(EndReason.LOCAL_HANGUP);
      }
      default -> {}
    }
  }

  /** See {@link CallFlow#leave()}. */
  void leave() {
    if (flow.role() == CallFlow.Role.CALLEE && flow.state() == CallState.RINGING) {
      out.send(new CallMessage.Cancel(flow.id(), out.seq(), EndReason.CLOSED));
      flow.end(EndReason.CLOSED);
    } else {
      flow.hangup();
    }
  }

  /** See {@link CallFlow#endBecause(EndReason)}. */
  void endBecause(EndReason reason) {
    if (flow.state() != CallState.ENDED) {
      out.send(new CallMessage.Hangup(flow.id(), out.seq(), reason));
      flow.end(reason);
    }
  }

  /** See {@link CallFlow#fail()}. */
  void fail() {
    if (flow.state() != CallState.ENDED) {
      out.send(
          flow.state() == CallState.ACTIVE
              ? new CallMessage.Hangup(flow.id(), out.seq(), EndReason.ERROR)
              : new CallMessage.Cancel(flow.id(), out.seq(), EndReason.ERROR));
      flow.end(EndReason.ERROR);
    }
  }

  /** Cancels a call still being set up (its timeout expired). */
  void giveUp(EndReason reason) {
    if (flow.state() == CallState.DIALING || flow.state() == CallState.RINGING) {
      out.send(new CallMessage.Cancel(flow.id(), out.seq(), reason));
      flow.end(reason);
    }
  }
}
