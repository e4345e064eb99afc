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
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Call messages as CBOR: {@code [version, type, callIdHigh, callIdLow, seq, fields..., device]}.
 * {@code device} (8 bytes, appended, optional) is the callee device a message is from (anything a
 * callee's phone sends) or for (a caller's CANCEL that spares the device that answered). They
 * travel as the sealed payload of overlay messages. Thread-safe.
 */
public final class CallWire {
  public static final int VERSION = 1;
  private static final int MAX_DESCRIPTION = 12 * 1024;
  private static final int MAX_CANDIDATES = 64;
  private static final int DEVICE = 8;

  private final CBORFactory factory = new CBORFactory();

  public byte[] encode(CallMessage m) {
    return encode(m, 0);
  }

  /**
   * Encodes {@code m} with the callee device it is from or for ({@code docs/calls.md}), as an
   * appended field after the message's own fields; 0 appends nothing.
   */
  public byte[] encode(CallMessage m, long device) {
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
        if (i.replaces().length > 0) {
          g.writeBinary(i.replaces()); // S5 xfer: appended, an attended transfer's token
        }
      } else if (m instanceof CallMessage.Ringing r) {
        g.writeBinary(r.description());
      } else if (m instanceof CallMessage.Answer a) {
        g.writeBinary(a.keyShare());
        g.writeString(a.profile());
        g.writeBinary(a.answer());
      } else if (m instanceof CallMessage.Cancel c) {
        g.writeNumber(c.reason().ordinal());
      } else if (m instanceof CallMessage.Hangup h
          && (h.reason() != EndReason.LOCAL_HANGUP || device != 0)) {
        // appended: older decoders skip it (CborReader.end); written before a device field
        // whenever there is one, so that the reason's position is never ambiguous
        g.writeNumber(h.reason().ordinal());
      } else if (m instanceof CallMessage.Candidates c) {
        writeStrings(g, c.candidates());
        g.writeNumber(c.end() ? 1 : 0);
      } else if (m instanceof CallMessage.Hold h) {
        g.writeNumber(h.held() ? 1 : 0);
      } else if (m instanceof CallMessage.Restart r) {
        g.writeNumber(r.answer() ? 1 : 0);
        g.writeBinary(r.description());
      } else if (m instanceof CallMessage.Conference c) {
        ConferenceWire.write(g, c);
      } else if (m instanceof CallMessage.MissedCall missed) {
        MissedCallWire.write(g, missed); // S6 missed
      } else if (PresenceWire.type(m) != 0) {
        PresenceWire.write(g, m); // S6 presence
      } else if (WebWire.type(m) != 0) {
        WebWire.write(g, m); // S6 wrtcj
      } else {
        TransferWire.write(g, m);
      }
      boolean busyReason = PresenceWire.busyReason(m); // S6 presence: after the device field
      if (device != 0 || busyReason) {
        g.writeBinary(ByteBuffer.allocate(DEVICE).putLong(device).array());
      }
      if (busyReason) {
        g.writeNumber(((CallMessage.Busy) m).reason().ordinal());
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
    if (m instanceof CallMessage.Restart) return 10;
    if (m instanceof CallMessage.MissedCall) return MissedCallWire.MISSED_CALL; // S6 missed
    int transfer = TransferWire.type(m);
    if (transfer != 0) {
      return transfer;
    }
    int presence = PresenceWire.type(m); // S6 presence
    if (presence != 0) {
      return presence;
    }
    int web = WebWire.type(m); // S6 wrtcj
    return web != 0 ? web : ConferenceWire.type(m);
  }

  /** Decodes a call message; any defect is a {@link WireException} naming the field. */
  public CallMessage decode(byte[] data) throws WireException {
    return decodeTagged(data).message();
  }

  /** A call message and the callee device it names (0 if none). */
  public record Tagged(CallMessage message, long device) {}

  /** Decodes a call message and its device field, if any. */
  public Tagged decodeTagged(byte[] data) throws WireException {
    try (CborReader r = new CborReader(factory, data)) {
      int version = r.integer("version", 0, 255);
      if (version != VERSION) {
        throw new WireException("unsupported call protocol version " + version);
      }
      int type = r.integer("type", 1, 255); // an unknown type is refused below, never guessed
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
                    r.bytes("offer", 1, MAX_DESCRIPTION),
                    TransferWire.replaces(r));
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
            case 10 ->
                new CallMessage.Restart(
                    id, seq, bool(r, "answer"), r.bytes("description", 1, MAX_DESCRIPTION));
            case ConferenceWire.CONFERENCE -> ConferenceWire.read(r, id, seq);
            case TransferWire.TRANSFER, TransferWire.STATUS -> TransferWire.read(type, r, id, seq);
            case MissedCallWire.MISSED_CALL -> MissedCallWire.read(r, id, seq); // S6 missed
            case PresenceWire.PROBE, PresenceWire.ANSWER -> PresenceWire.read(type, r, id, seq);
            case WebWire.OFFER, WebWire.ANSWER -> WebWire.read(type, r, id, seq); // S6 wrtcj
            default -> throw new WireException("unknown call message type " + type);
          };
      long device = 0;
      if (r.hasField()) {
        byte[] d = r.bytes("device", DEVICE, DEVICE);
        device = ByteBuffer.wrap(d).getLong();
        m = PresenceWire.busy(m, r); // S6 presence: a BUSY's reason follows its device
      }
      r.end();
      return new Tagged(m, device);
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
