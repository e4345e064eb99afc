package io.peervoice.signaling.internal.call;

import com.fasterxml.jackson.core.JsonGenerator;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.internal.wire.CborReader;
import io.peervoice.signaling.internal.wire.WireException;
import java.io.IOException;

/**
 * S6 wrtcj: the WebRTC call messages' fields ({@code docs/webrtc.md}). WEB_OFFER (40): {@code [...,
 * callee(20 bytes), timestampMillis, sdp(text)]}; WEB_ANSWER (41): {@code [..., sdp(text)]}. The
 * SDP is a CBOR text string of 1..{@link CallMessage.WebOffer#MAX_SDP} characters, well-formed
 * UTF-8; what it says is checked by the SDP parser of the layer above, not here. A phone that
 * predates these types drops them as undecodable and counts it.
 */
final class WebWire {
  static final int OFFER = 40;
  static final int ANSWER = 41;

  private WebWire() {}

  /** The wire type of a WebRTC message, 0 for any other. */
  static int type(CallMessage m) {
    if (m instanceof CallMessage.WebOffer) {
      return OFFER;
    }
    return m instanceof CallMessage.WebAnswer ? ANSWER : 0;
  }

  static void write(JsonGenerator g, CallMessage m) throws IOException {
    if (m instanceof CallMessage.WebOffer o) {
      g.writeBinary(o.callee());
      g.writeNumber(o.timestampMillis());
      g.writeString(o.sdp());
    } else if (m instanceof CallMessage.WebAnswer a) {
      g.writeString(a.sdp());
    }
  }

  static CallMessage read(int type, CborReader r, CallId id, int seq) throws WireException {
    if (type == OFFER) {
      byte[] callee = r.bytes("callee", 20, 20);
      long timestamp = r.integer("timestamp");
      return new CallMessage.WebOffer(id, seq, callee, timestamp, sdp(r));
    }
    return new CallMessage.WebAnswer(id, seq, sdp(r));
  }

  private static String sdp(CborReader r) throws WireException {
    String sdp = r.text("sdp", CallMessage.WebOffer.MAX_SDP);
    if (sdp.isEmpty()) {
      throw new WireException("sdp: empty");
    }
    return sdp;
  }
}
