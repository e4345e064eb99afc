package io.peervoice.signaling.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.internal.wire.CborReader;
import io.peervoice.signaling.internal.wire.WireException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallWireTest {
  private final CallWire wire = new CallWire();
  private final CallId id = new CallId(-1, 42);

  @Test
  void everyMessageRoundTrips() throws Exception {
    List<CallMessage> all =
        List.of(
            new CallMessage.Invite(
                id, 0, new byte[20], 123, new byte[32], List.of("A", "B"), new byte[] {1, 2}),
            new CallMessage.Ringing(id, 0, new byte[] {4}),
            new CallMessage.Answer(id, 1, new byte[32], "A", new byte[] {3}),
            new CallMessage.Decline(id, 1),
            new CallMessage.Busy(id, 0),
            new CallMessage.Cancel(id, 2, EndReason.NO_ANSWER),
            new CallMessage.Hangup(id, 3),
            new CallMessage.Candidates(
                id, 4, List.of("candidate:1 1 udp 1 192.0.2.1 5000 typ host"), true),
            new CallMessage.Hold(id, 5, true),
            new CallMessage.Restart(id, 6, false, new byte[] {7}));
    for (CallMessage m : all) {
      CallMessage back = wire.decode(wire.encode(m));
      assertThat(back.getClass()).isEqualTo(m.getClass());
      assertThat(back.callId()).isEqualTo(id);
      assertThat(back.seq()).isEqualTo(m.seq());
      assertThat(wire.encode(back)).isEqualTo(wire.encode(m));
    }
    CallMessage.Cancel c = (CallMessage.Cancel) wire.decode(wire.encode(all.get(5)));
    assertThat(c.reason()).isEqualTo(EndReason.NO_ANSWER);
    CallMessage.Hold h = (CallMessage.Hold) wire.decode(wire.encode(all.get(8)));
    assertThat(h.held()).isTrue();
  }

  @Test
  void theDeviceIsAnAppendedFieldOlderReadersSkip() throws Exception {
    CallMessage.Cancel cancel = new CallMessage.Cancel(id, 2, EndReason.ANSWERED_ELSEWHERE);
    byte[] tagged = wire.encode(cancel, -2L);
    assertThat(tagged).hasSize(wire.encode(cancel).length + 9);
    CallWire.Tagged back = wire.decodeTagged(tagged);
    assertThat(back.device()).isEqualTo(-2L);
    assertThat(((CallMessage.Cancel) back.message()).reason())
        .isEqualTo(EndReason.ANSWERED_ELSEWHERE);
    assertThat(wire.decodeTagged(wire.encode(cancel)).device()).isZero();
    assertThat(wire.decode(tagged)).isInstanceOf(CallMessage.Cancel.class);
    byte[] hangup = wire.encode(new CallMessage.Hangup(id, 3)); // an indefinite-length array
    byte[] withBadDevice = java.util.Arrays.copyOf(hangup, hangup.length + 4);
    System.arraycopy(
        new byte[] {0x43, 1, 2, 3, (byte) 0xFF}, 0, withBadDevice, hangup.length - 1, 5);
    assertThatThrownBy(() -> wire.decodeTagged(withBadDevice)).isInstanceOf(WireException.class);
  }

  @Test
  void aHangupCarriesItsReasonAsAnAppendedFieldThatAnOlderDecoderSkips() throws Exception {
    CallMessage.Hangup failed = new CallMessage.Hangup(id, 3, EndReason.DEVICE_FAILED);
    byte[] encoded = wire.encode(failed);
    assertThat(wire.decode(encoded)).isEqualTo(failed);

    // a decoder from before the field: reads the common header of a HANGUP, then end()
    try (CborReader old = new CborReader(new CBORFactory(), encoded)) {
      assertThat(old.integer("version", 0, 255)).isEqualTo(CallWire.VERSION);
      assertThat(old.integer("type", 1, 10)).isEqualTo(7);
      old.integer("callId.high");
      old.integer("callId.low");
      assertThat(old.integer("seq", 0, Integer.MAX_VALUE)).isEqualTo(3);
      old.end();
    }

    // a plain hang-up is byte for byte what older phones send, and theirs reads as LOCAL_HANGUP
    byte[] plain = wire.encode(new CallMessage.Hangup(id, 4));
    assertThat(plain).hasSize(encoded.length - 1);
    assertThat(((CallMessage.Hangup) wire.decode(plain)).reason())
        .isEqualTo(EndReason.LOCAL_HANGUP);

    // a reason from a newer phone that this one does not know reads as a plain hang-up
    // (the reason is the last element, one byte before the array's end marker: make it 200)
    byte[] withFuture = java.util.Arrays.copyOf(encoded, encoded.length + 1);
    withFuture[encoded.length - 2] = 0x18; // CBOR: an unsigned integer in the next byte
    withFuture[encoded.length - 1] = (byte) 200;
    withFuture[encoded.length] = encoded[encoded.length - 1];
    assertThat(((CallMessage.Hangup) wire.decode(withFuture)).reason())
        .isEqualTo(EndReason.LOCAL_HANGUP);

    // a callee device's plain hang-up carries its reason before the device, never ambiguous
    CallWire.Tagged tagged = wire.decodeTagged(wire.encode(new CallMessage.Hangup(id, 5), 7L));
    assertThat(tagged.device()).isEqualTo(7L);
    assertThat(((CallMessage.Hangup) tagged.message()).reason()).isEqualTo(EndReason.LOCAL_HANGUP);
    CallWire.Tagged failedTagged = wire.decodeTagged(wire.encode(failed, 7L));
    assertThat(failedTagged.device()).isEqualTo(7L);
    assertThat(((CallMessage.Hangup) failedTagged.message()).reason())
        .isEqualTo(EndReason.DEVICE_FAILED);
  }

  @Test
  void garbageIsAWireException() {
    assertThatThrownBy(() -> wire.decode(new byte[] {(byte) 0x85, 2}))
        .isInstanceOf(WireException.class);
    byte[] ok = wire.encode(new CallMessage.Ringing(id, 0, new byte[0]));
    for (int cut = 0; cut < ok.length; cut++) {
      byte[] truncated = java.util.Arrays.copyOf(ok, cut);
      assertThatThrownBy(() -> wire.decode(truncated)).isInstanceOf(WireException.class);
    }
  }
}
