package io.peervoice.nat.internal.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The test vectors of RFC 5769 <a href="https://www.rfc-editor.org/rfc/rfc5769#section-2">§2</a>
 * (short-term credentials): each decodes, its FINGERPRINT and MESSAGE-INTEGRITY verify, its values
 * read back, and one changed bit breaks it. Their padding is 0x20, which a receiver ignores (RFC
 * 8489 §14).
 */
class StunTestVectorsTest {
  private static final MessageIntegrity KEY =
      new MessageIntegrity("VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8));
  private static final byte[] TID = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");

  /** §2.1 Sample Request. */
  static final byte[] REQUEST =
      HexFormat.of()
          .parseHex(
              "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e20746573"
                  + "7420636c69656e74002400046e0001ff80290008932ff9b151263b3600060009"
                  + "6576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249"
                  + "c1b571a280280004e57a3bcf");

  /** §2.2 Sample IPv4 Response. */
  static final byte[] RESPONSE_IPV4 =
      HexFormat.of()
          .parseHex(
              "0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563"
                  + "746f7220002000080001a147e112a643000800142b91f599fd9e90c38c7489f9"
                  + "2af9ba53f06be7d780280004c07d4c96");

  /** §2.3 Sample IPv6 Response. */
  static final byte[] RESPONSE_IPV6 =
      HexFormat.of()
          .parseHex(
              "010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563"
                  + "746f7220002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014"
                  + "a382954e4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c");

  private static DecodedStun decode(byte[] d) throws StunFormatException {
    return StunCodec.decode(d, 0, d.length, StunAttributes.ICE_UNDERSTOOD);
  }

  @Test
  void sampleRequest() throws Exception {
    DecodedStun d = decode(REQUEST);
    StunMessage m = d.message();
    assertThat(m.type()).isEqualTo(0x0001);
    assertThat(m.transactionId()).isEqualTo(TID);
    assertThat(d.fingerprint()).isTrue();
    assertThat(KEY.verify(REQUEST, 0, d)).isTrue();
    assertThat(new String(m.first(StunAttributes.SOFTWARE).value(), StandardCharsets.UTF_8))
        .isEqualTo("STUN test client");
    assertThat(StunAttributes.readU32(m.first(StunAttributes.PRIORITY))).isEqualTo(0x6e0001ffL);
    assertThat(StunAttributes.readU64(m.first(StunAttributes.ICE_CONTROLLED)))
        .isEqualTo(0x932ff9b151263b36L);
    assertThat(new String(m.first(StunAttributes.USERNAME).value(), StandardCharsets.UTF_8))
        .isEqualTo("evtj:h6vY");
  }

  @Test
  void sampleResponses() throws Exception {
    assertResponse(RESPONSE_IPV4, new InetSocketAddress("192.0.2.1", 32853));
    assertResponse(
        RESPONSE_IPV6, new InetSocketAddress("2001:db8:1234:5678:11:2233:4455:6677", 32853));
  }

  private static void assertResponse(byte[] bytes, InetSocketAddress mapped) throws Exception {
    DecodedStun d = decode(bytes);
    StunMessage m = d.message();
    assertThat(m.messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
    assertThat(m.method()).isEqualTo(StunMessage.BINDING);
    assertThat(KEY.verify(bytes, 0, d)).isTrue();
    assertThat(new String(m.first(StunAttributes.SOFTWARE).value(), StandardCharsets.UTF_8))
        .isEqualTo("test vector");
    assertThat(StunAttributes.readXorAddress(m.first(StunAttributes.XOR_MAPPED_ADDRESS), TID))
        .isEqualTo(mapped);
  }

  @Test
  void oneChangedBitBreaksTheIntegrityOrTheFingerprint() throws Exception {
    for (byte[] vector : new byte[][] {REQUEST, RESPONSE_IPV4, RESPONSE_IPV6}) {
      DecodedStun d = decode(vector);
      int miValue = d.integrityOffset() + 4;
      byte[] wrongMac = vector.clone();
      wrongMac[miValue] ^= 1;
      // FINGERPRINT covers the HMAC too: fix it up so only MESSAGE-INTEGRITY is wrong
      byte[] refingered = refinger(wrongMac);
      DecodedStun tampered = decode(refingered);
      assertThat(KEY.verify(refingered, 0, tampered)).isFalse();
      assertThat(
              new MessageIntegrity("VOkJxbRl1RmTxUk/WvJxBu".getBytes(StandardCharsets.UTF_8))
                  .verify(vector, 0, d))
          .as("another password")
          .isFalse();
    }
  }

  private static byte[] refinger(byte[] message) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(message, 0, message.length - 8);
    int value = (int) crc.getValue() ^ StunCodec.FINGERPRINT_XOR;
    byte[] out = message.clone();
    java.nio.ByteBuffer.wrap(out).putInt(out.length - 4, value);
    return out;
  }
}
