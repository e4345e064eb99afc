package io.peervoice.nat.internal.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.nat.internal.Ice4jRuntime;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.ice4j.StunException;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.IceControlAttribute;
import org.ice4j.attribute.PriorityAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.security.CredentialsAuthority;
import org.ice4j.stack.StunStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link StunCodec} (RFC 8489): byte-for-byte the same messages as ice4j's encoder, ice4j's decoder
 * reads ours, and every rule of strict decoding.
 */
class StunCodecTest {
  private static final String LOCAL_PWD = "local-password-0123456789";
  private static final String REMOTE_PWD = "remote-password-987654321";
  private static final byte[] TID = HexFormat.of().parseHex("0102030405060708090a0b0c");
  private static StunStack stack;

  @BeforeAll
  static void ice4j() {
    Ice4jRuntime.ensureConfigured(); // no SOFTWARE attribute, as in PeerVoice's agents
    stack = new StunStack();
    stack
        .getCredentialsManager()
        .registerAuthority(
            new CredentialsAuthority() {
              @Override
              public byte[] getLocalKey(String username) {
                return LOCAL_PWD.getBytes(StandardCharsets.UTF_8);
              }

              @Override
              public byte[] getRemoteKey(String username, String media) {
                return REMOTE_PWD.getBytes(StandardCharsets.UTF_8);
              }

              @Override
              public boolean checkLocalUserName(String username) {
                return true;
              }
            });
  }

  @AfterAll
  static void stop() {
    stack.shutDown();
  }

  private static DecodedStun decode(byte[] d) throws StunFormatException {
    return StunCodec.decode(d, 0, d.length, StunAttributes.ICE_UNDERSTOOD);
  }

  private static MessageIntegrity mi(String pwd) {
    return new MessageIntegrity(pwd.getBytes(StandardCharsets.UTF_8));
  }

  private static List<StunAttribute> iceAttributes(boolean controlling) {
    List<StunAttribute> a = new ArrayList<>();
    a.add(StunAttributes.u32(StunAttributes.PRIORITY, 1_853_817_087L));
    if (controlling) {
      a.add(StunAttributes.u64(StunAttributes.ICE_CONTROLLING, 0x8123_4567_89AB_CDEFL));
      a.add(StunAttributes.flag(StunAttributes.USE_CANDIDATE));
    } else {
      a.add(StunAttributes.u64(StunAttributes.ICE_CONTROLLED, 42));
    }
    a.add(StunAttributes.username("REMT:LOCL1".getBytes(StandardCharsets.UTF_8)));
    return a;
  }

  private static Request ice4jRequest(boolean controlling) throws StunException {
    Request r = MessageFactory.createBindingRequest();
    r.setTransactionID(TID);
    r.putAttribute(AttributeFactory.createPriorityAttribute(1_853_817_087L));
    if (controlling) {
      r.putAttribute(AttributeFactory.createIceControllingAttribute(0x8123_4567_89AB_CDEFL));
      r.putAttribute(AttributeFactory.createUseCandidateAttribute());
    } else {
      r.putAttribute(AttributeFactory.createIceControlledAttribute(42));
    }
    r.putAttribute(AttributeFactory.createUsernameAttribute("REMT:LOCL1"));
    var integrity = AttributeFactory.createMessageIntegrityAttribute("REMT:LOCL1");
    integrity.setMedia("audio");
    r.putAttribute(integrity);
    r.putAttribute(AttributeFactory.createFingerprintAttribute());
    return r;
  }

  @Test
  void consentRequestsAreByteForByteIce4js() throws Exception {
    for (boolean controlling : new boolean[] {true, false}) {
      byte[] ours =
          StunCodec.encode(
              StunMessage.of(
                  StunMessage.BINDING, StunClass.REQUEST, TID, iceAttributes(controlling)),
              mi(REMOTE_PWD),
              true);
      byte[] theirs = ice4jRequest(controlling).encode(stack);
      assertThat(HexFormat.of().formatHex(ours)).isEqualTo(HexFormat.of().formatHex(theirs));
    }
  }

  @Test
  void bindingResponsesAreByteForByteIce4js() throws Exception {
    for (InetSocketAddress mapped :
        List.of(
            new InetSocketAddress("192.0.2.1", 32_853),
            new InetSocketAddress("2001:db8::1:2", 1))) {
      Response r =
          MessageFactory.createBindingResponse(
              ice4jRequest(true), new TransportAddress(mapped, Transport.UDP));
      r.setTransactionID(TID);
      // createBindingResponse XORs with the request's id: same TID here
      r.putAttribute(AttributeFactory.createMessageIntegrityAttribute("LOCL1:REMT"));
      r.putAttribute(AttributeFactory.createFingerprintAttribute());
      byte[] theirs = r.encode(stack);
      byte[] ours =
          StunCodec.encode(
              StunMessage.of(
                  StunMessage.BINDING,
                  StunClass.SUCCESS_RESPONSE,
                  TID,
                  List.of(
                      StunAttributes.xorAddress(StunAttributes.XOR_MAPPED_ADDRESS, mapped, TID))),
              mi(LOCAL_PWD),
              true);
      assertThat(HexFormat.of().formatHex(ours)).isEqualTo(HexFormat.of().formatHex(theirs));
      assertThat(ours).hasSize(mapped.getAddress().getAddress().length == 4 ? 64 : 76);
    }
  }

  @Test
  void ice4jsMessagesDecodeAndVerify() throws Exception {
    byte[] theirs = ice4jRequest(true).encode(stack);
    DecodedStun d = decode(theirs);
    assertThat(d.message())
        .isEqualTo(StunMessage.of(1, StunClass.REQUEST, TID, iceAttributes(true)));
    assertThat(d.fingerprint()).isTrue();
    assertThat(d.integrityOffset()).isEqualTo(theirs.length - 8 - 24);
    assertThat(mi(REMOTE_PWD).verify(theirs, 0, d)).isTrue();
    assertThat(mi(LOCAL_PWD).verify(theirs, 0, d)).isFalse();

    Response error =
        MessageFactory.createBindingErrorResponse(
            ErrorCodeAttribute.ROLE_CONFLICT, "Role Conflict");
    error.setTransactionID(TID);
    StunMessage m = decode(error.encode(stack)).message();
    assertThat(m.messageClass()).isEqualTo(StunClass.ERROR_RESPONSE);
    assertThat(m.type()).isEqualTo(0x0111);
    assertThat(StunAttributes.readErrorCode(m.first(StunAttributes.ERROR_CODE))).isEqualTo(487);
    assertThat(StunAttributes.readErrorReason(m.first(StunAttributes.ERROR_CODE)))
        .isEqualTo("Role Conflict");
  }

  @Test
  void ice4jDecodesOurs() throws Exception {
    InetSocketAddress mapped = new InetSocketAddress("2001:db8::9", 65_535);
    List<StunAttribute> attrs = new ArrayList<>(iceAttributes(true));
    attrs.add(StunAttributes.xorAddress(StunAttributes.XOR_MAPPED_ADDRESS, mapped, TID));
    attrs.add(StunAttributes.errorCode(438, "Stale Nonce"));
    byte[] ours =
        StunCodec.encode(
            StunMessage.of(StunMessage.BINDING, StunClass.REQUEST, TID, attrs), null, true);
    Message m = Message.decode(ours, 0, ours.length); // checks our FINGERPRINT
    assertThat(m.getMessageType()).isEqualTo(Message.BINDING_REQUEST);
    assertThat(m.getTransactionID()).isEqualTo(TID);
    assertThat(((PriorityAttribute) m.getAttribute(Attribute.PRIORITY)).getPriority())
        .isEqualTo(1_853_817_087L);
    assertThat(((IceControlAttribute) m.getAttribute(Attribute.ICE_CONTROLLING)).getTieBreaker())
        .isEqualTo(0x8123_4567_89AB_CDEFL);
    assertThat(m.containsAttribute(Attribute.USE_CANDIDATE)).isTrue();
    assertThat(((UsernameAttribute) m.getAttribute(Attribute.USERNAME)).getUsername())
        .isEqualTo("REMT:LOCL1".getBytes(StandardCharsets.UTF_8));
    assertThat(
            ((XorMappedAddressAttribute) m.getAttribute(Attribute.XOR_MAPPED_ADDRESS))
                .getAddress(TID))
        .isEqualTo(new TransportAddress(mapped, Transport.UDP));
    ErrorCodeAttribute error = (ErrorCodeAttribute) m.getAttribute(Attribute.ERROR_CODE);
    assertThat((int) error.getErrorCode()).isEqualTo(438);
    assertThat(error.getReasonPhrase()).isEqualTo("Stale Nonce");
  }

  @Test
  void messageTypesSplitMethodAndClass() {
    assertThat(StunMessage.type(StunMessage.BINDING, StunClass.REQUEST)).isEqualTo(0x0001);
    assertThat(StunMessage.type(StunMessage.BINDING, StunClass.INDICATION)).isEqualTo(0x0011);
    assertThat(StunMessage.type(StunMessage.BINDING, StunClass.SUCCESS_RESPONSE)).isEqualTo(0x0101);
    assertThat(StunMessage.type(StunMessage.BINDING, StunClass.ERROR_RESPONSE)).isEqualTo(0x0111);
    // TURN (RFC 8656 §17): Allocate 0x003, Refresh 0x004, Send 0x006, CreatePermission 0x008
    assertThat(StunMessage.type(0x003, StunClass.REQUEST)).isEqualTo(0x0003);
    assertThat(StunMessage.type(0x004, StunClass.ERROR_RESPONSE)).isEqualTo(0x0114);
    assertThat(StunMessage.type(0x006, StunClass.INDICATION)).isEqualTo(0x0016);
    assertThat(StunMessage.type(0xFFF, StunClass.REQUEST)).isEqualTo(0x3EEF);
    for (int method = 0; method <= 0xFFF; method++) {
      for (StunClass cls : StunClass.values()) {
        StunMessage m = StunMessage.of(method, cls, TID, List.of());
        assertThat(m.method()).isEqualTo(method);
        assertThat(m.messageClass()).isEqualTo(cls);
      }
    }
  }

  @Test
  void roundTripsKeepAttributesInOrderIncludingUnknownOptionalOnes() throws Exception {
    List<StunAttribute> attrs = new ArrayList<>(iceAttributes(false));
    attrs.add(new StunAttribute(StunAttributes.SOFTWARE, "x".getBytes(StandardCharsets.UTF_8)));
    attrs.add(new StunAttribute(0xC001, new byte[] {1, 2, 3, 4, 5}));
    attrs.add(new StunAttribute(StunAttributes.USERNAME, new byte[0])); // a second USERNAME
    StunMessage m = StunMessage.of(StunMessage.BINDING, StunClass.INDICATION, TID, attrs);
    for (boolean fp : new boolean[] {false, true}) {
      for (MessageIntegrity mi : new MessageIntegrity[] {null, mi(LOCAL_PWD)}) {
        byte[] bytes = StunCodec.encode(m, mi, fp);
        assertThat(StunCodec.isStun(bytes, 0, bytes.length)).isTrue();
        DecodedStun d = decode(bytes);
        assertThat(d.message()).isEqualTo(m);
        assertThat(d.fingerprint()).isEqualTo(fp);
        assertThat(d.hasIntegrity()).isEqualTo(mi != null);
        assertThat(mi(LOCAL_PWD).verify(bytes, 0, d)).isEqualTo(mi != null);
        assertThat(m.first(StunAttributes.USERNAME).value()).hasSize(10); // the first one
      }
    }
  }

  @Test
  void attributesAfterMessageIntegrityAreIgnoredButFingerprintIsChecked() throws Exception {
    byte[] signed =
        StunCodec.encode(
            StunMessage.of(1, StunClass.REQUEST, TID, iceAttributes(true)), mi(REMOTE_PWD), false);
    // append an unknown comprehension-required attribute and a PRIORITY after MESSAGE-INTEGRITY
    ByteBuffer b = ByteBuffer.allocate(signed.length + 12);
    b.put(signed).putShort((short) 0x7777).putShort((short) 0);
    b.putShort((short) StunAttributes.PRIORITY).putShort((short) 4).putInt(1);
    b.putShort(2, (short) (b.capacity() - 20 + 8));
    byte[] body = b.array();
    byte[] withFp = appendFingerprint(body);
    DecodedStun d = decode(withFp);
    assertThat(d.message().attributes()).isEqualTo(iceAttributes(true));
    assertThat(d.fingerprint()).isTrue();
    assertThat(mi(REMOTE_PWD).verify(withFp, 0, d)).as("MI covers only what precedes it").isTrue();
    withFp[withFp.length - 1] ^= 1;
    assertThatThrownBy(() -> decode(withFp))
        .isInstanceOf(StunFormatException.class)
        .hasMessageContaining("FINGERPRINT");
  }

  /** {@code body} (whose length field already counts the 8 bytes) plus a right FINGERPRINT. */
  private static byte[] appendFingerprint(byte[] body) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(body);
    return ByteBuffer.allocate(body.length + 8)
        .put(body)
        .putShort((short) StunAttributes.FINGERPRINT)
        .putShort((short) 4)
        .putInt((int) crc.getValue() ^ StunCodec.FINGERPRINT_XOR)
        .array();
  }

  private static byte[] raw(int type, int lengthField, byte[] body) {
    return ByteBuffer.allocate(20 + body.length)
        .putShort((short) type)
        .putShort((short) lengthField)
        .putInt(StunCodec.MAGIC_COOKIE)
        .put(TID)
        .put(body)
        .array();
  }

  private static byte[] attr(int type, int length, int padded) {
    return ByteBuffer.allocate(4 + padded).putShort((short) type).putShort((short) length).array();
  }

  @Test
  void strictDecodingRejectsEachBadShape() {
    byte[] ok = raw(1, 8, attr(StunAttributes.PRIORITY, 4, 4));
    assertThat(StunCodec.isStun(ok, 0, ok.length)).isTrue();
    record Bad(String why, byte[] bytes, String message) {}
    byte[] notCookie = ok.clone();
    notCookie[4] = 0;
    byte[] topBits = ok.clone();
    topBits[0] = (byte) 0x80;
    byte[] many = new byte[4 * 33];
    for (int i = 0; i < 33; i++) {
      many[4 * i] = (byte) 0x80; // 33 empty comprehension-optional attributes 0x8000
    }
    // the length field counts SOFTWARE, FINGERPRINT and one more attribute after it
    byte[] fingerprinted =
        appendFingerprint(raw(1, 4 + 8 + 4, attr(StunAttributes.SOFTWARE, 0, 0)));
    byte[] afterFp =
        ByteBuffer.allocate(fingerprinted.length + 4)
            .put(fingerprinted)
            .putShort((short) StunAttributes.SOFTWARE)
            .array();
    List<Bad> bads =
        List.of(
            new Bad("short", new byte[19], "shorter"),
            new Bad("no cookie", notCookie, "no STUN header"),
            new Bad("top bits", topBits, "no STUN header"),
            new Bad("length too long", raw(1, 12, attr(StunAttributes.PRIORITY, 4, 4)), "length"),
            new Bad("length too short", raw(1, 4, attr(StunAttributes.PRIORITY, 4, 4)), "length"),
            new Bad("unaligned", raw(1, 6, new byte[6]), "length"),
            new Bad("past the end", raw(1, 8, attr(StunAttributes.PRIORITY, 5, 4)), "past"),
            new Bad("huge attribute", raw(1, 4, attr(StunAttributes.PRIORITY, 0xFFFF, 0)), "past"),
            new Bad("unknown required", raw(1, 4, attr(0x0003, 0, 0)), "0x0003"),
            new Bad("short MI", raw(1, 20, attr(StunAttributes.MESSAGE_INTEGRITY, 16, 16)), "16"),
            new Bad("long FP", raw(1, 12, attr(StunAttributes.FINGERPRINT, 8, 8)), "FINGERPRINT"),
            new Bad("zero FP", raw(1, 8, attr(StunAttributes.FINGERPRINT, 4, 4)), "FINGERPRINT"),
            new Bad("after FP", afterFp, "after FINGERPRINT"),
            new Bad("too many", raw(1, many.length, many), "more than 32"));
    for (Bad bad : bads) {
      assertThatThrownBy(() -> decode(bad.bytes()))
          .as(bad.why())
          .isInstanceOf(StunFormatException.class)
          .hasMessageContaining(bad.message());
    }
    assertThat(StunCodec.isStun(notCookie, 0, notCookie.length)).isFalse();
    assertThat(StunCodec.isStun(topBits, 0, topBits.length)).isFalse();
    assertThat(StunCodec.isStun(ok, 0, ok.length - 4)).isFalse();
  }

  @Test
  void decodingStaysInsideTheGivenRange() throws Exception {
    byte[] msg =
        StunCodec.encode(
            StunMessage.of(1, StunClass.REQUEST, TID, iceAttributes(true)), mi(REMOTE_PWD), true);
    byte[] big = new byte[msg.length + 40];
    java.util.Arrays.fill(big, (byte) 0xEE);
    System.arraycopy(msg, 0, big, 17, msg.length);
    DecodedStun d = StunCodec.decode(big, 17, msg.length, StunAttributes.ICE_UNDERSTOOD);
    assertThat(d.message()).isEqualTo(decode(msg).message());
    assertThat(mi(REMOTE_PWD).verify(big, 17, d)).isTrue();
    assertThatThrownBy(
            () -> StunCodec.decode(big, 30, msg.length + 20, StunAttributes.ICE_UNDERSTOOD))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void typedReadersCheckSizes() {
    assertThatThrownBy(() -> StunAttributes.readU32(new StunAttribute(0x24, new byte[3])))
        .isInstanceOf(StunFormatException.class);
    assertThatThrownBy(() -> StunAttributes.readU64(new StunAttribute(0x8029, new byte[4])))
        .isInstanceOf(StunFormatException.class);
    assertThatThrownBy(
            () -> StunAttributes.readXorAddress(new StunAttribute(0x20, new byte[8]), TID))
        .as("family 0")
        .isInstanceOf(StunFormatException.class);
    byte[] v4AsV6 = new byte[20];
    v4AsV6[1] = 1;
    assertThatThrownBy(() -> StunAttributes.readXorAddress(new StunAttribute(0x20, v4AsV6), TID))
        .isInstanceOf(StunFormatException.class);
    assertThatThrownBy(
            () -> StunAttributes.readErrorCode(new StunAttribute(9, new byte[] {0, 0, 2, 0})))
        .isInstanceOf(StunFormatException.class);
    assertThatThrownBy(() -> StunAttributes.errorCode(299, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StunAttributes.u32(0x24, 1L << 32))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StunAttributes.username(new byte[514]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
