package io.peervoice.signaling.internal.call;

import com.fasterxml.jackson.core.JsonGenerator;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.internal.wire.CborReader;
import io.peervoice.signaling.internal.wire.WireException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * S6 missed: MISSED_CALL (50) fields: {@code [..., timestampMillis, text, [frame...]]} with every
 * bound of {@link CallMessage.MissedCall} checked while reading (frame count and size before the
 * bytes are kept). A phone that predates the type drops it as undecodable and counts it.
 */
final class MissedCallWire {
  static final int MISSED_CALL = 50;

  private MissedCallWire() {}

  static void write(JsonGenerator g, CallMessage.MissedCall m) throws IOException {
    g.writeNumber(m.timestampMillis());
    g.writeString(m.text());
    g.writeStartArray();
    for (byte[] frame : m.voice()) {
      g.writeBinary(frame);
    }
    g.writeEndArray();
  }

  static CallMessage read(CborReader r, CallId id, int seq) throws WireException {
    long timestamp = r.integer("timestamp");
    String text = r.text("text", CallMessage.MissedCall.MAX_TEXT);
    r.startArray("voice");
    List<byte[]> voice = new ArrayList<>();
    long bytes = 0;
    while (r.more()) {
      if (voice.size() == CallMessage.MissedCall.MAX_VOICE_FRAMES) {
        throw new WireException("voice: more than " + voice.size() + " frames");
      }
      byte[] frame = r.bytes("frame", 1, CallMessage.MissedCall.MAX_FRAME);
      bytes += frame.length;
      if (bytes > CallMessage.MissedCall.MAX_VOICE_BYTES) {
        throw new WireException("voice: over " + CallMessage.MissedCall.MAX_VOICE_BYTES + " bytes");
      }
      voice.add(frame);
    }
    try {
      return new CallMessage.MissedCall(id, seq, timestamp, text, voice);
    } catch (IllegalArgumentException e) {
      throw new WireException("missed call: " + e.getMessage());
    }
  }
}
