package io.peervoice.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtcpCodecTest {
  private static final String RR =
      "81c90007"
          + "12345678"
          + "aabbccdd"
          + "40000005"
          + "00010003"
          + "00000010"
          + "12345678"
          + "00010000";

  private static List<RtcpPacket> parsed(byte[] bytes) {
    RtcpParseResult r = RtcpCodec.parse(bytes);
    assertThat(r).isInstanceOf(RtcpParseResult.Parsed.class);
    return ((RtcpParseResult.Parsed) r).packets();
  }

  @Test
  void readsEveryFieldOfAReceiverReport() {
    List<RtcpPacket> packets = parsed(HexFormat.of().parseHex(RR));
    RtcpPacket.ReceiverReport rr = (RtcpPacket.ReceiverReport) packets.get(0);
    assertThat(rr.ssrc()).isEqualTo(0x12345678);
    assertThat(rr.reports())
        .containsExactly(new ReportBlock(0xaabbccdd, 64, 5, 0x10003, 16, 0x12345678L, 0x10000));
    assertThat(HexFormat.of().formatHex(RtcpCodec.serialize(packets))).isEqualTo(RR);
  }

  @Test
  void roundTripsACompoundSenderReportWithSdesAndBye() {
    List<RtcpPacket> packets =
        List.of(
            new RtcpPacket.SenderReport(
                7,
                0xE000_0000_8000_0000L,
                0xFFFF_FFF0L,
                1000,
                80_000,
                List.of(new ReportBlock(9, 3, -2, 70_000, 12, 0, 0))),
            new RtcpPacket.SourceDescription(7, "alice@peervoice"),
            new RtcpPacket.Goodbye(List.of(7), Optional.of("hang-up")));
    byte[] bytes = RtcpCodec.serialize(packets);
    assertThat(bytes.length % 4).isZero();
    assertThat(parsed(bytes)).isEqualTo(packets);
    assertThat(((RtcpPacket.SenderReport) packets.get(0)).ntpMiddle()).isEqualTo(0x0000_8000L);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "81c9, TRUNCATED",
    "41c9000100000000, BAD_VERSION",
    "81ca000100000000, NOT_A_REPORT_FIRST",
    "81c90007123456, TRUNCATED",
    "81c9000112345678, BAD_LENGTH",
    "a1c9000712345678aabbccdd4000000500010003000000101234567800010000, BAD_PADDING",
  })
  void rejectsMalformedInputWithATypedError(String hex, RtcpParseError error) {
    assertThat(RtcpCodec.parse(HexFormat.of().parseHex(hex)))
        .isEqualTo(new RtcpParseResult.Malformed(error));
  }

  @Test
  void neverThrowsOnRandomBytes() {
    Random random = new Random(9);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[4 + random.nextInt(80)];
      random.nextBytes(b);
      b[0] = (byte) (0x80 | (b[0] & 0x3F));
      b[1] = (byte) (random.nextBoolean() ? 200 : 201);
      assertThat(RtcpCodec.parse(b)).isNotNull();
    }
  }

  @Test
  void roundTripTimeComesFromLsrAndDlsr() {
    ReportBlock block = new ReportBlock(1, 0, 0, 0, 0, 0x12345678L, 0x10000);
    assertThat(block.roundTripMillis(0x12358678L)).isEqualTo(187.5);
    assertThat(new ReportBlock(1, 0, 0, 0, 0, 0, 0).roundTripMillis(5)).isEqualTo(-1);
  }

  @Test
  void ntpTimeOfTheUnixEpochAndAHalfSecond() {
    assertThat(NtpTime.fromUnixMillis(0)).isEqualTo(2_208_988_800L << 32);
    assertThat(NtpTime.fromUnixMillis(500) & 0xFFFF_FFFFL).isEqualTo(0x8000_0000L);
  }
}
