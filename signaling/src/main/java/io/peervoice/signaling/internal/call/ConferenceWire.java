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
 * The conference messages' fields (wire types 20-29, {@code docs/conference.md}). CONFERENCE (20):
 * {@code [..., epoch, [[peer(20 bytes), flags, level], ...]]}, flags bit 0 host, 1 speaking, 2
 * muted, 3 held; level in dBov, -127..0. At most {@link CallMessage.Conference#MAX_MEMBERS}
 * members, each once. A phone that predates these types drops the message as undecodable and counts
 * it ({@code Phone.droppedMessages}); the call goes on.
 */
final class ConferenceWire {
  static final int CONFERENCE = 20;

  private ConferenceWire() {}

  static int type(CallMessage m) {
    if (m instanceof CallMessage.Conference) {
      return CONFERENCE;
    }
    throw new IllegalArgumentException("no wire type for " + m.getClass().getSimpleName());
  }

  static void write(JsonGenerator g, CallMessage.Conference c) throws IOException {
    g.writeNumber(c.epoch());
    g.writeStartArray();
    for (CallMessage.ConferenceMember m : c.members()) {
      g.writeStartArray();
      g.writeBinary(m.peer());
      g.writeNumber(
          (m.host() ? 1 : 0) | (m.speaking() ? 2 : 0) | (m.muted() ? 4 : 0) | (m.held() ? 8 : 0));
      g.writeNumber(m.levelDbov());
      g.writeEndArray();
    }
    g.writeEndArray();
  }

  static CallMessage.Conference read(CborReader r, CallId id, int seq) throws WireException {
    long epoch = r.integer("epoch");
    if (epoch < 0) {
      throw new WireException("epoch: negative");
    }
    r.startArray("members");
    List<CallMessage.ConferenceMember> members = new ArrayList<>();
    while (r.more()) {
      if (members.size() == CallMessage.Conference.MAX_MEMBERS) {
        throw new WireException("members: more than " + CallMessage.Conference.MAX_MEMBERS);
      }
      r.startArray("member");
      byte[] peer = r.bytes("member.peer", 20, 20);
      int flags = r.integer("member.flags", 0, 15);
      int level = r.integer("member.level", -127, 0);
      if (r.more()) {
        throw new WireException("member: more than 3 fields");
      }
      members.add(
          new CallMessage.ConferenceMember(
              peer, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0, level));
    }
    try {
      return new CallMessage.Conference(id, seq, epoch, members);
    } catch (IllegalArgumentException e) {
      throw new WireException("members: " + e.getMessage());
    }
  }
}
