package io.peervoice.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.testkit.DecodeBudget;
import java.util.Arrays;

/**
 * {@link RtpCodec#parse} on arbitrary datagrams (RFC 3550 §5.1): it never throws, stays within a
 * {@link DecodeBudget}, and a packet it accepts serializes back to the same bytes (padding octets
 * other than the count are written as zero). Seeds: {@code RtpCodecFuzzTestInputs/parse/}.
 */
class RtpCodecFuzzTest {
  private static final DecodeBudget BUDGET = DecodeBudget.standard();

  @FuzzTest(maxDuration = "10m")
  void parse(byte[] data) {
    int offset = data.length > 0 ? (data[0] & 3) : 0;
    byte[] copy = data.clone();
    RtpParseResult result =
        DecodeBudget.valueOrAllowed(BUDGET.run(data.length, () -> RtpCodec.parse(data)), null);
    assertThat(data).as("parse must not modify its input").isEqualTo(copy);
    assertThat(result).isNotNull();
    if (result instanceof RtpParseResult.Parsed parsed) {
      RtpPacket packet = parsed.packet();
      byte[] out = RtpCodec.serialize(packet);
      assertThat(out).hasSize(data.length);
      int pad = packet.paddingLength();
      byte[] expected = data.clone();
      if (pad > 0) {
        Arrays.fill(expected, data.length - pad, data.length - 1, (byte) 0);
      }
      assertThat(out).isEqualTo(expected);
      assertThat(RtpCodec.parse(out)).isEqualTo(result);
    }
    // the same bytes inside a larger buffer parse the same way
    if (offset > 0) {
      byte[] shifted = new byte[data.length + offset + 3];
      System.arraycopy(data, 0, shifted, offset, data.length);
      assertThat(RtpCodec.parse(shifted, offset, data.length)).isEqualTo(result);
    }
  }
}
