package io.peervoice.signaling.internal.call;

import com.fasterxml.jackson.core.JsonGenerator;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.call.TransferOutcome;
import io.peervoice.signaling.call.TransferToken;
import io.peervoice.signaling.internal.wire.CborReader;
import io.peervoice.signaling.internal.wire.WireException;
import java.io.IOException;

/**
 * S5 xfer: the transfer messages' fields ({@code docs/transfer.md}). TRANSFER (21): {@code [...,
 * target(20 bytes), token(0 or TransferToken.LENGTH bytes)]}; TRANSFER_STATUS (22): {@code [...,
 * outcome, reason]} (ordinals; an outcome this phone does not know is refused, an unknown reason
 * reads as {@link EndReason#ERROR}). An INVITE may append a replace token after its offer. A phone
 * that predates these types drops them as undecodable and counts it; the call goes on.
 */
final class TransferWire {
  static final int TRANSFER = 21;
  static final int STATUS = 22;

  private TransferWire() {}

  /** The wire type of a transfer message, 0 for any other. */
  static int type(CallMessage m) {
    if (m instanceof CallMessage.Transfer) {
      return TRANSFER;
    }
    return m instanceof CallMessage.TransferStatus ? STATUS : 0;
  }

  static void write(JsonGenerator g, CallMessage m) throws IOException {
    if (m instanceof CallMessage.Transfer t) {
      g.writeBinary(t.target());
      g.writeBinary(t.token());
    } else if (m instanceof CallMessage.TransferStatus s) {
      g.writeNumber(s.outcome().ordinal());
      g.writeNumber(s.reason().ordinal());
    }
  }

  static CallMessage read(int type, CborReader r, CallId id, int seq) throws WireException {
    if (type == TRANSFER) {
      byte[] target = r.bytes("target", 20, 20);
      byte[] token = r.bytes("token", 0, TransferToken.LENGTH);
      if (token.length != 0 && token.length != TransferToken.LENGTH) {
        throw new WireException("token: " + token.length + " bytes");
      }
      return new CallMessage.Transfer(id, seq, target, token);
    }
    TransferOutcome[] outcomes = TransferOutcome.values();
    TransferOutcome outcome = outcomes[r.integer("outcome", 0, outcomes.length - 1)];
    int reason = r.integer("reason", 0, 255);
    EndReason[] reasons = EndReason.values();
    return new CallMessage.TransferStatus(
        id, seq, outcome, reason < reasons.length ? reasons[reason] : EndReason.ERROR);
  }

  /** An invite's optional appended replace token (exactly {@link TransferToken#LENGTH} bytes). */
  static byte[] replaces(CborReader r) throws WireException {
    return r.hasField()
        ? r.bytes("replaces", TransferToken.LENGTH, TransferToken.LENGTH)
        : new byte[0];
  }
}
