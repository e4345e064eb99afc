package io.peervoice.signaling.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.call.EndReason;
import io.peervoice.signaling.internal.wire.WireException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * S6 presence: PRESENCE_PROBE (30), PRESENCE_ANSWER (31) and a BUSY's appended do-not-disturb
 * reason on the wire, and what a phone that predates the reason reads.
 */
class PresenceWireTest {
  private final CallWire wire = new CallWire();
  private final CallId id = new CallId(0x1234, -7);

  @Test
  void probeAndAnswerRoundTrip() throws Exception {
    byte[] target = new byte[20];
    Arrays.fill(target, (byte) 0x5a);
    CallMessage.PresenceProbe p =
        (CallMessage.PresenceProbe)
            wire.decode(wire.encode(new CallMessage.PresenceProbe(id, 0, target, 1_700_000L)));
    assertThat(p.callId()).isEqualTo(id);
    assertThat(p.target()).isEqualTo(target);
    assertThat(p.timestampMillis()).isEqualTo(1_700_000L);
    for (boolean dnd : new boolean[] {false, true}) {
      CallWire.Tagged t =
          wire.decodeTagged(wire.encode(new CallMessage.PresenceAnswer(id, 0, dnd), 42));
      assertThat(((CallMessage.PresenceAnswer) t.message()).doNotDisturb()).isEqualTo(dnd);
      assertThat(t.device()).isEqualTo(42);
    }
  }

  @Test
  void busyCarriesDoNotDisturbWithOrWithoutADevice() throws Exception {
    for (long device : new long[] {0, 99}) {
      CallWire.Tagged t =
          wire.decodeTagged(
              wire.encode(new CallMessage.Busy(id, 0, EndReason.DO_NOT_DISTURB), device));
      assertThat(((CallMessage.Busy) t.message()).reason()).isEqualTo(EndReason.DO_NOT_DISTURB);
      assertThat(t.device()).isEqualTo(device);
      assertThat(((CallMessage.Busy) wire.decode(wire.encode(new CallMessage.Busy(id, 0), device))))
          .extracting(CallMessage.Busy::reason)
          .isEqualTo(EndReason.BUSY);
    }
  }

  @Test
  void theReasonFollowsTheDeviceSoAnOlderPhoneReadsAPlainBusy() throws Exception {
    byte[] plain = wire.encode(new CallMessage.Busy(id, 0), 99);
    byte[] dnd = wire.encode(new CallMessage.Busy(id, 0, EndReason.DO_NOT_DISTURB), 99);
    // an indefinite array: the same fields up to the device, then one more before the end marker
    assertThat(Arrays.copyOf(dnd, plain.length - 1))
        .isEqualTo(Arrays.copyOf(plain, plain.length - 1));
    assertThat(dnd.length).isEqualTo(plain.length + 1);
    // a pre-S6 decoder read the device, then skipped appended fields (CborReader.end)
    CallWire.Tagged old = wire.decodeTagged(dnd);
    assertThat(old.device()).isEqualTo(99);
  }

  @Test
  void anUnknownBusyReasonReadsAsBusyAndBadFieldsAreRefused() throws Exception {
    byte[] unknown = encode(1, 5, 1, 2, 0, new byte[8], 200);
    assertThat(((CallMessage.Busy) wire.decode(unknown)).reason()).isEqualTo(EndReason.BUSY);
    assertThatThrownBy(() -> wire.decode(encode(1, 30, 1, 2, 0, new byte[19], 5L)))
        .isInstanceOf(WireException.class)
        .hasMessageContaining("target");
    assertThatThrownBy(() -> wire.decode(encode(1, 31, 1, 2, 0, 2)))
        .isInstanceOf(WireException.class)
        .hasMessageContaining("doNotDisturb");
    assertThatThrownBy(() -> wire.decode(encode(1, 30, 1, 2, 0, new byte[20], "now")))
        .isInstanceOf(WireException.class);
    assertThatThrownBy(() -> new CallMessage.Busy(id, 0, EndReason.DECLINED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A CBOR array of the given ints, longs, strings and byte strings. */
  private static byte[] encode(Object... fields) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new CBORFactory().createGenerator(out)) {
      g.writeStartArray();
      for (Object f : fields) {
        if (f instanceof Integer i) {
          g.writeNumber(i);
        } else if (f instanceof Long l) {
          g.writeNumber(l);
        } else if (f instanceof String s) {
          g.writeString(s);
        } else {
          g.writeBinary((byte[]) f);
        }
      }
      g.writeEndArray();
    }
    return out.toByteArray();
  }
}
