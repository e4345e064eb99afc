package io.peervoice.signaling.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.internal.wire.WireException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CONFERENCE (type 20): round trip, bounds, and what a phone does with a type it does not know. */
class ConferenceWireTest {
  private final CallWire wire = new CallWire();
  private final CallId id = new CallId(7, 9);

  private static byte[] peer(int n) {
    byte[] p = new byte[20];
    p[0] = (byte) n;
    return p;
  }

  @Test
  void aConferenceStateRoundTripsWithEveryFlag() throws Exception {
    CallMessage.Conference c =
        new CallMessage.Conference(
            id,
            12,
            5,
            List.of(
                new CallMessage.ConferenceMember(peer(1), true, false, false, false, -127),
                new CallMessage.ConferenceMember(peer(2), false, true, true, true, -20)));
    byte[] bytes = wire.encode(c, 0x1234);
    CallWire.Tagged back = wire.decodeTagged(bytes);
    CallMessage.Conference d = (CallMessage.Conference) back.message();
    assertThat(back.device()).isEqualTo(0x1234);
    assertThat(d.epoch()).isEqualTo(5);
    assertThat(d.seq()).isEqualTo(12);
    assertThat(d.members()).hasSize(2);
    assertThat(d.members().get(0).host()).isTrue();
    assertThat(d.members().get(0).peer()).isEqualTo(peer(1));
    CallMessage.ConferenceMember m = d.members().get(1);
    assertThat(List.of(m.host(), m.speaking(), m.muted(), m.held()))
        .containsExactly(false, true, true, true);
    assertThat(m.levelDbov()).isEqualTo(-20);
    assertThat(wire.encode(d, 0x1234)).isEqualTo(bytes);
    assertThat(wire.encode(new CallMessage.Conference(id, 1, 0, List.of())))
        .as("an empty roster: the call left the conference")
        .isNotEmpty();
  }

  @Test
  void rostersAreBoundedAndListEachPeerOnce() throws Exception {
    List<CallMessage.ConferenceMember> many = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      many.add(new CallMessage.ConferenceMember(peer(i), false, false, false, false, -60));
    }
    assertThatThrownBy(() -> new CallMessage.Conference(id, 1, 1, many))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] tooMany = raw(1, many.size(), 0);
    assertThatThrownBy(() -> wire.decode(tooMany)).hasMessageContaining("more than 16");
    byte[] twice = raw(1, 2, 1);
    assertThatThrownBy(() -> wire.decode(twice)).hasMessageContaining("listed twice");
    byte[] negative = raw(-1, 1, 0);
    assertThatThrownBy(() -> wire.decode(negative)).isInstanceOf(WireException.class);
  }

  @Test
  void anUnknownTypeIsRefusedNotGuessed() throws Exception {
    // S5 xfer: 21 and 22 are TRANSFER and TRANSFER_STATUS; S6 wrtcj: 40-41 are WEB_OFFER/ANSWER
    for (int type : new int[] {11, 23, 29, 42, 255}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (JsonGenerator g = new CBORFactory().createGenerator(out)) {
        g.writeStartArray();
        for (long v : new long[] {1, type, 7, 9, 0}) {
          g.writeNumber(v);
        }
        g.writeBinary(new byte[] {1});
        g.writeEndArray();
      }
      assertThatThrownBy(() -> wire.decode(out.toByteArray()))
          .as("type %d", type)
          .isInstanceOf(WireException.class)
          .hasMessageContaining("unknown call message type " + type);
    }
  }

  /** A CONFERENCE with {@code members} members, all the same peer when {@code same} is 1. */
  private static byte[] raw(long epoch, int members, int same) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new CBORFactory().createGenerator(out)) {
      g.writeStartArray();
      for (long v : new long[] {1, 20, 7, 9, 0, epoch}) {
        g.writeNumber(v);
      }
      g.writeStartArray();
      for (int i = 0; i < members; i++) {
        g.writeStartArray();
        g.writeBinary(peer(same == 1 ? 0 : i));
        g.writeNumber(0);
        g.writeNumber(-50);
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeEndArray();
    }
    return out.toByteArray();
  }
}
