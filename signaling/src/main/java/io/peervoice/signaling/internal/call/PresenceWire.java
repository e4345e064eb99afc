package io.peervoice.signaling.internal.call;

import com.fasterxml.jackson.core.JsonGenerator;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.internal.wire.CborReader;
import io.peervoice.signaling.internal.wire.WireException;
import java.io.IOException;

/**
 * S6 presence: the presence messages' fields ({@code docs/presence.md}). PRESENCE_PROBE (30):
 * {@code [..., target(20 bytes), timestamp ms]}; PRESENCE_ANSWER (31): {@code [...,
 * doNotDisturb(0|1)]}. A BUSY may append a reason after its device field ({@link
 * EndReason#DO_NOT_DISTURB}; any other value reads as a plain busy). A phone that predates these
 * types drops them as undecodable and counts it, so it never answers a probe; one that predates the
 * BUSY reason skips it and reads a plain busy.
 */
final class PresenceWire {
  static final int PROBE = 30;
  static final int ANSWER = 31;

  private PresenceWire() {}

  /** The wire type of a presence message, 0 for any other. */
  static int type(CallMessage m) {
    if (m instanceof CallMessage.PresenceProbe) {
      return PROBE;
    }
    return m instanceof CallMessage.PresenceAnswer ? ANSWER : 0;
  }

  static void write(JsonGenerator g, CallMessage m) throws IOException {
    if (m instanceof CallMessage.PresenceProbe p) {
      g.writeBinary(p.target());
      g.writeNumber(p.timestampMillis());
    } else if (m instanceof CallMessage.PresenceAnswer a) {
      g.writeNumber(a.doNotDisturb() ? 1 : 0);
    }
  }

  static CallMessage read(int type, CborReader r, CallId id, int seq) throws WireException {
    if (type == PROBE) {
      return new CallMessage.PresenceProbe(id, seq, r.bytes("target", 20, 20), r.integer("time"));
    }
    return new CallMessage.PresenceAnswer(id, seq, r.integer("doNotDisturb", 0, 1) == 1);
  }

  /** Whether a BUSY carries a reason to append (after the device field). */
  static boolean busyReason(CallMessage m) {
    return m instanceof CallMessage.Busy b && b.reason() != EndReason.BUSY;
  }

  /** A BUSY's appended reason, if any: do not disturb, or a plain busy for anything else. */
  static CallMessage busy(CallMessage m, CborReader r) throws WireException {
    if (!(m instanceof CallMessage.Busy b) || !r.hasField()) {
      return m;
    }
    int reason = r.integer("busy reason", 0, 255);
    return reason == EndReason.DO_NOT_DISTURB.ordinal()
        ? new CallMessage.Busy(b.callId(), b.seq(), EndReason.DO_NOT_DISTURB)
        : m;
  }
}
