package io.peervoice.signaling.internal.call;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.internal.wire.CborReader;
import io.peervoice.signaling.internal.wire.WireException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Call messages as CBOR: {@code [version, type, callIdHigh, callIdLow, seq, fields...]}. They
 * travel as the sealed payload of overlay messages. Thread-safe.
 */
public final class CallWire {
  public static final int VERSION = 1;
  private static final int MAX_DESCRIPTION = 12 * 1024;
  private static final int MAX_CANDIDATES = 64;

  private final CBORFactory factory = new CBORFactory();

  public byte[] encode(CallMessage m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartArray();
      g.writeNumber(VERSION);
      g.writeNumber(type(m));
      g.writeNumber(m.callId().high());
      g.writeNumber(m.callId().low());
      g.writeNumber(m.seq());
      if (m instanceof CallMessage.Invite i) {
        g.writeBinary(i.callee());
        g.writeNumber(i.timestampMillis());
        g.writeBinary(i.keyShare());
        writeStrings(g, i.profiles());
        g.writeBinary(i.offer());
      } else if (m instanceof CallMessage.Ringing r) {
        g.writeBinary(r.description());
      } else if (m instanceof CallMessage.Answer a) {
        g.writeBinary(a.keyShare());
        g.writeString(a.profile());
        g.writeBinary(a.answer());
      } else if (m instanceof CallMessage.Cancel c) {
        g.writeNumber(c.reason().ordinal());
      } else if (m instanceof CallMessage.Hangup h && h.reason() != EndReason.LOCAL_HANGUP) {
        g.writeNumber(h.reason().ordinal()); // appended: older decoders skip it (CborReader.end)
      } else if (m instanceof CallMessage.Candidates c) {
        writeStrings(g, c.candidates());
        g.writeNumber(c.end() ? 1 : 0);
      } else if (m instanceof CallMessage.Hold h) {
        g.writeNumber(h.held() ? 1 : 0);
      } else if (m instanceof CallMessage.Restart r) {
        g.writeNumber(r.answer() ? 1 : 0);
        g.writeBinary(r.description());
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeStrings(JsonGenerator g, List<String> strings) throws IOException {
    g.writeStartArray();
    for (String s : strings) {
      g.writeString(s);
    }
    g.writeEndArray();
  }

  private static int type(CallMessage m) {
    if (m instanceof CallMessage.Invite) return 1;
    if (m instanceof CallMessage.Ringing) return 2;
    if (m instanceof CallMessage.Answer) return 3;
    if (m instanceof CallMessage.Decline) return 4;
    if (m instanceof CallMessage.Busy) return 5;
    if (m instanceof CallMessage.Cancel) return 6;
    if (m instanceof CallMessage.Hangup) return 7;
    if (m instanceof CallMessage.Candidates) return 8;
    if (m instanceof CallMessage.Hold) return 9;
    return 10;
  }

  /** Decodes a call message; any defect is a {@link WireException} naming the field. */
  public CallMessage decode(byte[] data) throws WireException {
    try (CborReader r = new CborReader(factory, data)) {
      int version = r.integer("version", 0, 255);
      if (version != VERSION) {
        throw new WireException("unsupported call protocol version " + version);
      }
      int type = r.integer("type", 1, 10);
      CallId id = new CallId(r.integer("callId.high"), r.integer("callId.low"));
      int seq = r.integer("seq", 0, Integer.MAX_VALUE);
      CallMessage m =
          switch (type) {
            case 1 ->
                new CallMessage.Invite(
                    id,
                    seq,
                    r.bytes("callee", 20, 20),
                    r.integer("timestamp"),
                    r.bytes("keyShare", 32, 32),
                    strings(r, "profiles", 8, 64),
                    r.bytes("offer", 1, MAX_DESCRIPTION));
            case 2 -> new CallMessage.Ringing(id, seq, r.bytes("description", 0, MAX_DESCRIPTION));
            case 3 ->
                new CallMessage.Answer(
                    id,
                    seq,
                    r.bytes("keyShare", 32, 32),
                    r.text("profile", 64),
                    r.bytes("answer", 1, MAX_DESCRIPTION));
            case 4 -> new CallMessage.Decline(id, seq);
            case 5 -> new CallMessage.Busy(id, seq);
            case 6 -> new CallMessage.Cancel(id, seq, reason(r.integer("reason", 0, 255)));
            case 7 ->
                new CallMessage.Hangup(
                    id,
                    seq,
                    r.hasField()
                        ? hangupReason(r.integer("reason", 0, 255))
                        : EndReason.LOCAL_HANGUP);
            case 8 ->
                new CallMessage.Candidates(
                    id, seq, strings(r, "candidates", MAX_CANDIDATES, 512), bool(r, "end"));
            case 9 -> new CallMessage.Hold(id, seq, bool(r, "held"));
            default ->
                new CallMessage.Restart(
                    id, seq, bool(r, "answer"), r.bytes("description", 1, MAX_DESCRIPTION));
          };
      r.end();
      return m;
    } catch (RuntimeException e) {
      throw new WireException("undecodable call message: " + e, e);
    }
  }

  private static EndReason reason(int ordinal) {
    EndReason[] all = EndReason.values();
    return ordinal < all.length ? all[ordinal] : EndReason.CANCELLED;
  }

  /** A reason newer than this phone knows is read as a plain hang-up. */
  private static EndReason hangupReason(int ordinal) {
    EndReason[] all = EndReason.values();
    return ordinal < all.length ? all[ordinal] : EndReason.LOCAL_HANGUP;
  }

  private static boolean bool(CborReader r, String field) throws WireException {
    return r.integer(field, 0, 1) == 1;
  }

  private static List<String> strings(CborReader r, String field, int max, int maxLength)
      throws WireException {
    r.startArray(field);
    List<String> out = new ArrayList<>();
    while (r.more()) {
      if (out.size() == max) {
        throw new WireException(field + ": more than " + max);
      }
      out.add(r.text(field, maxLength));
    }
    return List.copyOf(out);
  }
}
