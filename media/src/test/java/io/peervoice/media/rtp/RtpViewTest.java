package io.peervoice.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The in-place view reads what {@link RtpCodec#parse} reads, and refuses what it refuses. */
class RtpViewTest {

  private static final RtpPacket FULL =
      RtpPacket.builder()
          .marker(true)
          .payloadType(111)
          .sequenceNumber(0xFFFE)
          .timestamp(0xFFFF_FFF0L)
          .ssrc(0xCAFE_F00D)
          .csrcs(11, 22)
          .extension(new RtpHeaderExtension(0xBEDE, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
          .payload(new byte[] {10, 20, 30, 40, 50})
          .paddingLength(3)
          .build();

  @Test
  void describesAPacketWithCsrcsExtensionAndPaddingInPlace() {
    byte[] wire = RtpCodec.serialize(FULL);
    byte[] shifted = new byte[wire.length + 7];
    System.arraycopy(wire, 0, shifted, 5, wire.length);
    var view = new RtpView();

    assertThat(view.wrap(shifted, 5, wire.length)).isNull();
    assertThat(view.buffer()).isSameAs(shifted);
    assertThat(view.marker()).isTrue();
    assertThat(view.payloadType()).isEqualTo(111);
    assertThat(view.sequenceNumber()).isEqualTo(0xFFFE);
    assertThat(view.timestamp()).isEqualTo(0xFFFF_FFF0L);
    assertThat(view.ssrc()).isEqualTo(0xCAFE_F00D);
    assertThat(view.csrcCount()).isEqualTo(2);
    assertThat(view.csrc(1)).isEqualTo(22);
    assertThat(view.extensionOffset()).isEqualTo(5 + 12 + 8);
    assertThat(view.paddingLength()).isEqualTo(3);
    assertThat(view.payloadOffset()).isEqualTo(5 + 12 + 8 + 4 + 8);
    assertThat(
            Arrays.copyOfRange(
                shifted, view.payloadOffset(), view.payloadOffset() + view.payloadLength()))
        .containsExactly(10, 20, 30, 40, 50);
    assertThat(view.payloadCopy()).containsExactly(10, 20, 30, 40, 50);
    assertThat(RtpCodec.parse(shifted, 5, wire.length)).isEqualTo(new RtpParseResult.Parsed(FULL));
  }

  @Test
  void refusesEachTruncationWithTheErrorParseGives() {
    byte[] wire = RtpCodec.serialize(FULL);
    var view = new RtpView();
    for (int length = 0; length < wire.length; length++) {
      RtpParseResult parsed = RtpCodec.parse(wire, 0, length);
      RtpParseError error = view.wrap(wire, 0, length);
      if (parsed instanceof RtpParseResult.Malformed m) {
        assertThat(error).as("length %d", length).isEqualTo(m.error());
      } else {
        assertThat(error).as("length %d", length).isNull();
      }
    }
    assertThat(view.wrap(wire, 0, 11)).isEqualTo(RtpParseError.TRUNCATED_HEADER);
    assertThat(view.wrap(wire, -1, 4)).isEqualTo(RtpParseError.BAD_BOUNDS);
    assertThat(view.wrap(null, 0, 0)).isEqualTo(RtpParseError.BAD_BOUNDS);
    byte[] v1 = wire.clone();
    v1[0] = (byte) (v1[0] & 0x3F | 0x40);
    assertThat(view.wrap(v1, 0, v1.length)).isEqualTo(RtpParseError.BAD_VERSION);
    byte[] badPadding = wire.clone();
    badPadding[badPadding.length - 1] = 0;
    assertThat(view.wrap(badPadding, 0, badPadding.length)).isEqualTo(RtpParseError.BAD_PADDING);
  }
}
