package io.peervoice.sdk;

import io.peervoice.session.MediaSessionStats;
import io.peervoice.signaling.DeliveryException;
import io.peervoice.signaling.LogText;
import io.peervoice.signaling.call.CallFlow;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.CallState;
import io.peervoice.signaling.call.EndReason;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link Call} does when its own handling fails or a message of it cannot be delivered (out
 * of {@code Call} to keep it small). On the signaling thread; logs under {@code Call}'s logger.
 */
final class CallFaults {
  private static final Logger log = LoggerFactory.getLogger(Call.class);

  private CallFaults() {}

  /**
   * A task of {@code call} on the signaling thread threw: logs it with the call id and ends the
   * call with {@link EndReason#ERROR}, telling the peer. A call that had already entered ENDED when
   * it threw (its end was cut short) is finished: it leaves the phone and its listener hears the
   * end, as if its end had run through.
   */
  static void failed(Phone phone, Call call, Throwable error) {
    log.warn(
        "call {}: signaling task failed, ending the call: {}", call.id(), LogText.escape(error));
    log.debug("call {}: signaling task failure", call.id(), error);
    if (call.state() == CallState.ENDED) {
      call.finish(EndReason.ERROR); // nothing if its end ran through
      return;
    }
    CallFlow flow = call.flow();
    try {
      if (flow != null) {
        flow.fail();
        return;
      }
      if (call.direction() == CallDirection.INCOMING) {
        phone.send(call.peer(), new CallMessage.Cancel(call.id(), 0, EndReason.ERROR), null);
      }
    } catch (RuntimeException again) {
      log.warn("call {}: could not tell the peer: {}", call.id(), LogText.escape(again));
    }
    if (call.state() != CallState.ENDED) {
      call.finish(EndReason.ERROR);
    }
  }

  /**
   * Closes {@code call}'s media as it ends; returns its last figures (null if none). What the close
   * throws (an ICE agent, a device, an audio sink) is logged, not thrown: an ended call must still
   * leave the phone (a call kept after its end held one of {@link PhoneConfig#maxCalls()} and
   * answered BUSY for it).
   */
  static MediaSessionStats closeMedia(Call call, Supplier<MediaSessionStats> close) {
    try {
      return close.get();
    } catch (RuntimeException e) {
      log.warn("call {}: closing its media failed: {}", call.id(), LogText.escape(e));
      log.debug("call {}: media close failure", call.id(), e);
      return null;
    }
  }

  /** {@code m} of {@code call} could not be delivered: an invite or answer ends the call. */
  static void undeliverable(
      Call call,
      CallSupervisor supervisor,
      CallMessage m,
      DeliveryException.Reason reason,
      String detail) {
    log.warn(
        "call {}: {} could not be delivered ({})",
        call.id(),
        m.getClass().getSimpleName(),
        LogText.escape(detail));
    if (m instanceof CallMessage.Invite || m instanceof CallMessage.Answer) {
      call.flow().abort(EndReason.UNREACHABLE);
    } else if (m instanceof CallMessage.Restart) {
      supervisor.restartUndeliverable(reason);
    }
  }
}
