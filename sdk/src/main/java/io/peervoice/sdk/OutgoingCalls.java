package io.peervoice.sdk;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.call.CallId;
import java.util.Map;

/** Places a phone's outgoing calls ({@link Phone#call}, {@link Phone#callWebRtc}). */
final class OutgoingCalls {
  private OutgoingCalls() {}

  /**
   * Dials {@code callee} on the phone's signaling thread unless the phone holds its maximum of
   * calls already.
   *
   * @throws PhoneException at {@link PhoneConfig#maxCalls()}, naming the limit and its value
   * @throws IllegalArgumentException if {@code callee} is the phone itself
   */
  static Call place(Phone phone, Map<CallId, Call> calls, PeerId callee, CallProfile profile)
      throws PhoneException {
    if (callee.equals(phone.id())) {
      throw new IllegalArgumentException("a phone cannot call itself");
    }
    Call placed =
        phone.onSignaling(
            () ->
                calls.size() >= phone.config().maxCalls()
                    ? null
                    : dial(phone, calls, callee, profile));
    if (placed == null) {
      throw new PhoneException(PhoneConfigChecks.atMaxCalls(phone.config()));
    }
    return placed;
  }

  /** Places a call (on the signaling thread). */
  private static Call dial(
      Phone phone, Map<CallId, Call> calls, PeerId callee, CallProfile profile) {
    Call call =
        new Call(phone, CallId.random(phone.random()), callee, CallDirection.OUTGOING, profile);
    calls.put(call.id(), call);
    phone.thread().guarded(call, call::dial); // what dialling throws ends the call, not the caller
    return call;
  }
}
