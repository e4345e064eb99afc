package io.peervoice.sdk;

import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.CallFlowPort;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import java.util.List;

/**
 * Connects one call's {@link CallFlow} to the rest of the phone: sends its messages through the
 * phone, and turns its state changes and the peer's signals into media steps and listener events.
 * Called on the phone's signaling thread.
 */
final class CallPort implements CallFlowPort {
  private final Phone phone;
  private final Call call;
  private final CallMediaSetup setup;
  private final CallTimeline timeline;
  private final CallEvents events;

  CallPort(Phone phone, Call call, CallMediaSetup setup, CallTimeline timeline, CallEvents events) {
    this.phone = phone;
    this.call = call;
    this.setup = setup;
    this.timeline = timeline;
    this.events = events;
  }

  @Override
  public void send(CallMessage message) {
    phone.send(call.peer(), message, call);
  }

  @Override
  public void send(CallMessage message, long device) {
    phone.send(call.peer(), message, device, call);
  }

  @Override
  public void stateChanged(CallState next, EndReason reason) {
    call.enter(next);
    phone.transfers.stateChanged(call, next, reason); // S5 xfer
    switch (next) {
      case RINGING -> {
        if (call.direction() == CallDirection.OUTGOING) {
          timeline.ringing();
          setup.releaseIce();
        }
        events.ringing();
      }
      case ACTIVE -> events.answered();
      case ENDED -> call.finish(reason);
      default -> {}
    }
  }

  @Override
  public void ringing(CallMessage.Ringing ringing) {
    setup.peerRinging(ringing);
  }

  @Override
  public void answered(CallMessage.Answer answer) {
    if (call.webRtc()) { // S6 wrtcj: a WebRTC offer is answered by a WEB_ANSWER only
      call.flow().endBecause(EndReason.REJECTED);
    } else {
      setup.answered(answer);
    }
  }

  @Override
  public void webAnswered(CallMessage.WebAnswer answer) {
    if (call.webRtc()) { // S6 wrtcj
      setup.webAnswered(answer);
    } else {
      call.flow().endBecause(EndReason.REJECTED); // an INVITE is answered by an ANSWER only
    }
  }

  @Override
  public void remoteCandidates(List<String> candidates, boolean end) {
    setup.remoteCandidates(candidates);
  }

  @Override
  public void remoteRestart(CallMessage.Restart restart) {
    setup.remoteRestart(restart);
  }

  @Override
  public void remoteHold(boolean on) {
    events.remoteHold(on);
  }

  @Override
  public boolean remoteConference(CallMessage.Conference state) {
    return events.conference(state);
  }

  @Override
  public void remoteTransfer(CallMessage.Transfer request) {
    phone.transfers.requested(call, request);
  }

  @Override
  public void remoteTransferStatus(CallMessage.TransferStatus status) {
    phone.transfers.status(call, status);
  }
}
