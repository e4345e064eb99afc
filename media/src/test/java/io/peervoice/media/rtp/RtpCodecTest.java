package io.peervoice.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtpCodecTest {

  private static RtpPacket parsed(byte[] bytes) {
    RtpParseResult result = RtpCodec.parse(bytes);
    assertThat(result).isInstanceOf(RtpParseResult.Parsed.class);
    return ((RtpParseResult.Parsed) result).packet();
  }

  @Test
  void readsEveryFixedHeaderField() {
    byte[] bytes =
        HexFormat.of().parseHex("80" + "ef" + "fffe" + "fedcba98" + "12345678" + "c0ffee");
    RtpPacket p = parsed(bytes);
    assertThat(p.marker()).isTrue();
    assertThat(p.payloadType()).isEqualTo(0x6f);
    assertThat(p.sequenceNumber()).isEqualTo(0xfffe);
    assertThat(p.timestamp()).isEqualTo(0xfedcba98L);
    assertThat(p.ssrc()).isEqualTo(0x12345678);
    assertThat(p.csrcs()).isEmpty();
    assertThat(p.extension()).isEmpty();
    assertThat(p.payload()).containsExactly(0xc0, 0xff, 0xee);
    assertThat(p.paddingLength()).isZero();
    assertThat(RtpCodec.serialize(p)).isEqualTo(bytes);
  }

  @Test
  void readsCsrcsExtensionAndPadding() {
    byte[] bytes =
        HexFormat.of()
            .parseHex(
                "b2"
                    + "0b"
                    + "0001"
                    + "00000002"
                    + "00000003"
                    + "aaaaaaaa"
                    + "bbbbbbbb"
                    + "bede0001"
                    + "10ff0000"
                    + "0102"
                    + "000003");
    RtpPacket p = parsed(bytes);
    assertThat(p.marker()).isFalse();
    assertThat(p.payloadType()).isEqualTo(11);
    assertThat(p.csrcs()).containsExactly(0xaaaaaaaa, 0xbbbbbbbb);
    assertThat(p.extension())
        .hasValueSatisfying(
            e -> {
              assertThat(e.profile()).isEqualTo(0xbede);
              assertThat(e.data()).containsExactly(0x10, 0xff, 0, 0);
            });
    assertThat(p.payload()).containsExactly(1, 2);
    assertThat(p.paddingLength()).isEqualTo(3);
    assertThat(RtpCodec.serialize(p)).isEqualTo(bytes);
  }

  @Test
  void roundTripsBuiltPackets() {
    RtpPacket p =
        RtpPacket.builder()
            .marker(true)
            .payloadType(111)
            .sequenceNumber(65535)
            .timestamp(0xFFFF_FFFFL)
            .ssrc(-1)
            .csrcs(1, 2, 3)
            .extension(new RtpHeaderExtension(0x1000, new byte[8]))
            .payload(new byte[] {9, 8, 7})
            .paddingLength(4)
            .build();
    byte[] bytes = RtpCodec.serialize(p);
    assertThat(bytes).hasSize(12 + 12 + 4 + 8 + 3 + 4);
    assertThat(parsed(bytes)).isEqualTo(p);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "'', TRUNCATED_HEADER",
    "80000001000000010000, TRUNCATED_HEADER",
    "400000010000000100000001, BAD_VERSION",
    "c00000010000000100000001, BAD_VERSION",
    "820000010000000100000001aaaaaaaa, TRUNCATED_CSRC_LIST",
    "900000010000000100000001bede, TRUNCATED_EXTENSION",
    "900000010000000100000001bede0002aaaaaaaa, TRUNCATED_EXTENSION",
    "a00000010000000100000001aa00, BAD_PADDING",
    "a00000010000000100000001aa09, BAD_PADDING",
  })
  void rejectsMalformedInputWithATypedError(String hex, RtpParseError expected) {
    assertThat(RtpCodec.parse(HexFormat.of().parseHex(hex)))
        .isEqualTo(new RtpParseResult.Malformed(expected));
  }

  @Test
  void rejectsBadBoundsAndNullWithoutThrowing() {
    byte[] twelve = new byte[12];
    assertThat(RtpCodec.parse(null))
        .isEqualTo(new RtpParseResult.Malformed(RtpParseError.BAD_BOUNDS));
    assertThat(RtpCodec.parse(twelve, 8, 12))
        .isEqualTo(new RtpParseResult.Malformed(RtpParseError.BAD_BOUNDS));
    assertThat(RtpCodec.parse(twelve, -1, 4))
        .isEqualTo(new RtpParseResult.Malformed(RtpParseError.BAD_BOUNDS));
  }

  @Test
  void neverThrowsOnRandomBytes() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[random.nextInt(64)];
      random.nextBytes(b);
      if (b.length > 0) {
        b[0] = (byte) (0x80 | (b[0] & 0x3F));
      }
      RtpParseResult result = RtpCodec.parse(b);
      if (result instanceof RtpParseResult.Parsed parsed) {
        assertThat(RtpCodec.serialize(parsed.packet())).hasSize(b.length);
      }
    }
  }

  @Test
  void parsesAtAnOffset() {
    RtpPacket p =
        RtpPacket.builder().payloadType(0).sequenceNumber(7).payload(new byte[] {1}).build();
    byte[] buf = new byte[40];
    int n = RtpCodec.write(p, buf, 5);
    assertThat(RtpCodec.parse(buf, 5, n)).isEqualTo(new RtpParseResult.Parsed(p));
  }

  @Test
  void builderValidatesFields() {
    assertThatThrownBy(() -> RtpPacket.builder().payloadType(128).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RtpPacket.builder().sequenceNumber(65536).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RtpPacket.builder().csrcs(new int[16]).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RtpHeaderExtension(1, new byte[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
