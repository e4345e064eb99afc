package io.peervoice.signaling.call;

import java.util.List;

/**
 * What a {@link CallFlow} asks of its owner: sending to the peer and the call's events. Called on
 * the flow's thread.
 */
public interface CallFlowPort {
  /** Send to the peer (sealed, through the overlay). */
  void send(CallMessage message);

  /**
   * Send to the peer, naming a callee device ({@link CallMessages#encode(CallMessage, long)}): ours
   * on a callee, the one a caller's CANCEL spares; 0 names none.
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

  /** S6 wrtcj: caller: the callee answered our WebRTC offer with its SDP answer. */
  default void webAnswered(CallMessage.WebAnswer answer) {}

  /** Trickled remote candidates. */
  default void remoteCandidates(List<String> candidates, boolean end) {}

  /** The peer put the call on hold or took it off. */
  default void remoteHold(boolean held) {}

  /** The peer sent an ICE restart offer or answer. */
  default void remoteRestart(CallMessage.Restart restart) {}

  /**
   * S5 conf: the peer, hosting a conference, says who is in it (active calls only); whether the
   * state was taken (false: counted as ignored).
   */
  default boolean remoteConference(CallMessage.Conference state) {
    return false;
  }

  /** S5 xfer: the peer asks us to call a target (active calls only). */
  default void remoteTransfer(CallMessage.Transfer request) {}

  /** S5 xfer: the peer says how our transfer request went (active calls only). */
  default void remoteTransferStatus(CallMessage.TransferStatus status) {}
}
