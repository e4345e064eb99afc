package io.peervoice.nat.internal.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.internal.stun.StunAttributes;
import io.peervoice.nat.internal.stun.StunClass;
import io.peervoice.nat.internal.stun.StunCodec;
import io.peervoice.nat.internal.stun.StunMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8656 §12.5 stream framing and ChannelData padding, byte by byte. */
class TurnFramingTest {
  private static final TurnFraming F = TurnFraming.INSTANCE;

  @Test
  void channelDataIsPaddedToFourBytesAndTheFrameCountsThePadding() {
    byte[] five = ChannelData.encodePadded(0x4001, new byte[] {1, 2, 3, 4, 5}, 0, 5);
    assertThat(five).hasSize(12).startsWith(0x40, 0x01, 0, 5, 1, 2, 3, 4, 5, 0, 0, 0);
    assertThat(F.frameLength(five, 0, five.length)).isEqualTo(12);
    assertThat(F.frameLength(five, 0, 9)).as("data there, padding not yet").isZero();
    assertThat(ChannelData.dataLength(five, 0, 12)).isEqualTo(5);
    assertThat(ChannelData.dataLength(five, 0, 16)).as("too much padding").isEqualTo(-1);
    byte[] empty = ChannelData.encodePadded(0x4FFF, new byte[0], 0, 0);
    assertThat(F.frameLength(empty, 0, 4)).isEqualTo(4);
  }

  @Test
  void stunMessagesAreTheirHeaderAndLength() {
    byte[] tid = new byte[12];
    byte[] m =
        StunCodec.encode(
            StunMessage.of(
                StunMessage.REFRESH, StunClass.REQUEST, tid, List.of(TurnAttributes.lifetime(600))),
            null,
            true);
    byte[] two = new byte[m.length * 2];
    System.arraycopy(m, 0, two, 0, m.length);
    System.arraycopy(m, 0, two, m.length, m.length);
    assertThat(F.frameLength(two, 0, two.length)).isEqualTo(m.length);
    assertThat(F.frameLength(two, m.length, m.length)).isEqualTo(m.length);
    assertThat(F.frameLength(m, 0, 3)).isZero();
    assertThat(F.frameLength(m, 0, m.length - 1)).isZero();
    assertThat(StunAttributes.LIFETIME).isEqualTo(0x000D);
  }

  @Test
  void anythingElseCorruptsTheStream() {
    assertThat(F.frameLength(new byte[] {(byte) 0x80, 0, 0, 0}, 0, 4)).as("RTP").isEqualTo(-1);
    assertThat(F.frameLength(new byte[] {0x50, 0, 0, 0}, 0, 4))
        .as("reserved channel")
        .isEqualTo(-1);
    assertThat(F.frameLength(new byte[] {0, 1, 0, 2, 0, 0, 0, 0}, 0, 8))
        .as("STUN length not a multiple of 4")
        .isEqualTo(-1);
    assertThat(F.frameLength(new byte[] {0, 1, 0, 0, 1, 2, 3, 4}, 0, 8))
        .as("no magic cookie")
        .isEqualTo(-1);
    assertThat(F.frameLength(new byte[0], 0, 0)).isZero();
  }
}
