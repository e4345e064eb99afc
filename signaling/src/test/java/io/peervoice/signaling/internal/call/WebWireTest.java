package io.peervoice.signaling.internal.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.peervoice.signaling.call.CallId;
import io.peervoice.signaling.call.CallMessage;
import io.peervoice.signaling.internal.wire.WireException;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * S6 wrtcj: WEB_OFFER (40) and WEB_ANSWER (41), as {@code /work/wt/webrtc-contract.md} lays out.
 */
class WebWireTest {
  private static final String SDP = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";
  private final CallWire wire = new CallWire();
  private final CallId id = new CallId(-1, 42);

  @Test
  void offerAndAnswerRoundTripWithTheirDevice() throws Exception {
    byte[] callee = new byte[20];
    callee[19] = 7;
    CallMessage.WebOffer offer = new CallMessage.WebOffer(id, 0, callee, 1_796_054_400_000L, SDP);
    CallMessage.WebOffer o = (CallMessage.WebOffer) wire.decode(wire.encode(offer));
    assertThat(o.callee()).isEqualTo(callee);
    assertThat(o.timestampMillis()).isEqualTo(1_796_054_400_000L);
    assertThat(o.sdp()).isEqualTo(SDP);

    CallWire.Tagged a =
        wire.decodeTagged(wire.encode(new CallMessage.WebAnswer(id, 1, SDP), 0x0102030405060708L));
    assertThat(a.message()).isInstanceOf(CallMessage.WebAnswer.class);
    assertThat(((CallMessage.WebAnswer) a.message()).sdp()).isEqualTo(SDP);
    assertThat(a.device()).isEqualTo(0x0102030405060708L);
  }

  /** What a browser's encoder writes: a definite-length array, text strings, shortest integers. */
  @Test
  void theBrowsersDefiniteLengthFormDecodes() throws Exception {
    String hex =
        "88" // array(8)
            + "01" // version
            + "1828" // type 40
            + "20" // callId.high -1
            + "182a" // callId.low 42
            + "00" // seq
            + "54"
            + "00".repeat(19)
            + "07" // callee, bytes(20)
            + "1b000001a22d2f3c00" // 1796054400000
            + "63"
            + "763d30"; // "v=0"
    CallMessage.WebOffer o = (CallMessage.WebOffer) wire.decode(HexFormat.of().parseHex(hex));
    assertThat(o.callId()).isEqualTo(id);
    assertThat(o.callee()[19]).isEqualTo((byte) 7);
    assertThat(o.timestampMillis()).isEqualTo(1_796_054_400_000L);
    assertThat(o.sdp()).isEqualTo("v=0");

    String answer =
        "87" + "01" + "1829" + "20" + "182a" + "01" + "63763d30" + "48" + "0102030405060708";
    CallWire.Tagged t = wire.decodeTagged(HexFormat.of().parseHex(answer));
    assertThat(((CallMessage.WebAnswer) t.message()).sdp()).isEqualTo("v=0");
    assertThat(t.device()).isEqualTo(0x0102030405060708L);
  }

  @Test
  void javaWritesAnIndefiniteLengthArrayWithTheTypeAsAOneByteExtension() {
    byte[] b = wire.encode(new CallMessage.WebAnswer(id, 1, SDP));
    assertThat(b[0]).isEqualTo((byte) 0x9f);
    assertThat(b[1]).isEqualTo((byte) 0x01);
    assertThat(b[2]).isEqualTo((byte) 0x18);
    assertThat(b[3]).isEqualTo((byte) 41);
    assertThat(b[b.length - 1]).isEqualTo((byte) 0xff);
  }

  @Test
  void anEmptyOverlongOrBinarySdpIsRefused() throws Exception {
    assertThatThrownBy(() -> wire.decode(answerWith(g -> g.writeString(""))))
        .isInstanceOf(WireException.class)
        .hasMessageContaining("sdp");
    assertThatThrownBy(() -> wire.decode(answerWith(g -> g.writeString("a".repeat(12 * 1024 + 1)))))
        .isInstanceOf(WireException.class)
        .hasMessageContaining("sdp");
    assertThatThrownBy(() -> wire.decode(answerWith(g -> g.writeBinary(new byte[] {'v'}))))
        .isInstanceOf(WireException.class);
    assertThatThrownBy(() -> new CallMessage.WebAnswer(id, 0, "a".repeat(12 * 1024 + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CallMessage.WebOffer(id, 0, new byte[19], 0, SDP))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOfferWithAShortCalleeIsRefused() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
      g.writeStartArray();
      for (long v : new long[] {1, 40, -1, 42, 0}) {
        g.writeNumber(v);
      }
      g.writeBinary(new byte[19]);
      g.writeNumber(1L);
      g.writeString(SDP);
      g.writeEndArray();
    }
    assertThatThrownBy(() -> wire.decode(out.toByteArray()))
        .isInstanceOf(WireException.class)
        .hasMessageContaining("callee");
  }

  private interface Field {
    void write(CBORGenerator g) throws Exception;
  }

  private static byte[] answerWith(Field sdp) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
      g.writeStartArray();
      for (long v : new long[] {1, 41, -1, 42, 1}) {
        g.writeNumber(v);
      }
      sdp.write(g);
      g.writeEndArray();
    }
    return out.toByteArray();
  }
}
