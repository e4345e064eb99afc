package io.peervoice.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.testkit.DecodeBudget;
import java.util.List;

/**
 * {@link RtcpCodec#parse} on arbitrary datagrams (RFC 3550 §6.1, §A.2): it never throws, stays
 * within a {@link DecodeBudget}, and what it accepts (less the packet types it only skips)
 * serializes to bytes that parse back to the same packets. Seeds: {@code
 * RtcpCodecFuzzTestInputs/parse/}.
 */
class RtcpCodecFuzzTest {
  private static final DecodeBudget BUDGET = DecodeBudget.standard();

  @FuzzTest(maxDuration = "10m")
  void parse(byte[] data) {
    byte[] copy = data.clone();
    RtcpParseResult result =
        DecodeBudget.valueOrAllowed(BUDGET.run(data.length, () -> RtcpCodec.parse(data)), null);
    assertThat(data).as("parse must not modify its input").isEqualTo(copy);
    assertThat(result).isNotNull();
    if (result instanceof RtcpParseResult.Parsed parsed) {
      List<RtcpPacket> packets = parsed.packets();
      assertThat(packets).isNotEmpty();
      assertThat(packets.get(0))
          .isInstanceOfAny(RtcpPacket.SenderReport.class, RtcpPacket.ReceiverReport.class);
      List<RtcpPacket> known =
          packets.stream().filter(p -> !(p instanceof RtcpPacket.Unknown)).toList();
      byte[] again = RtcpCodec.serialize(known);
      assertThat(RtcpCodec.parse(again)).isEqualTo(new RtcpParseResult.Parsed(known));
    }
  }
}
