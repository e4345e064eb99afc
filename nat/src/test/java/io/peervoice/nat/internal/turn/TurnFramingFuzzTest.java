package io.peervoice.nat.internal.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.nat.internal.stun.StunAttributes;
import io.peervoice.nat.internal.stun.StunCodec;
import io.peervoice.nat.internal.stun.StunFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * TURN's stream framing (RFC 8656 §12.5) on arbitrary bytes, as a hostile server or a middlebox
 * could send them: {@link TurnFraming#frameLength} returns -1, 0 or a length within what is
 * available and never over {@link TurnFraming#MAX_FRAME}, never throws, gives the same frames
 * however the stream is split into reads, and says "need more" (0) for every strict prefix of a
 * frame it accepts; each frame it cuts is a ChannelData message whose length fits ({@link
 * ChannelData#dataLength}) or bytes that {@link StunCodec#decode} and the client's response
 * handling ({@link TurnTransport#onStun}) take or reject without throwing anything else. Seeds:
 * {@code TurnFramingFuzzTestInputs/frames/}.
 */
class TurnFramingFuzzTest {
  private static final TurnFraming FRAMING = TurnFraming.INSTANCE;

  @FuzzTest(maxDuration = "10m")
  void frames(byte[] data) {
    byte[] copy = data.clone();
    List<byte[]> whole = cut(data, data.length);
    int split = data.length == 0 ? 1 : 1 + (data[0] & 0x0F);
    assertThat(cut(data, split).stream().map(java.util.HexFormat.of()::formatHex).toList())
        .as("frames must not depend on read sizes")
        .isEqualTo(whole.stream().map(java.util.HexFormat.of()::formatHex).toList());
    assertThat(data).as("framing must not modify its input").isEqualTo(copy);
    TurnTransport transport =
        new TurnTransport(1000, null, new LongTermCredentials("u", "p"), tid -> {});
    for (byte[] frame : whole) {
      if (frame.length == 0) {
        continue; // the corruption marker
      }
      for (int prefix = 1; prefix < frame.length; prefix++) {
        assertThat(FRAMING.frameLength(frame, 0, prefix)).isIn(0, -1);
      }
      if ((frame[0] & 0xC0) != 0) {
        assertThat(ChannelData.isChannel(ChannelData.channel(frame, 0))).isTrue();
        assertThat(ChannelData.dataLength(frame, 0, frame.length)).isNotNegative();
        continue;
      }
      try {
        StunCodec.decode(frame, 0, frame.length, StunAttributes.TURN_UNDERSTOOD);
      } catch (StunFormatException e) {
        // rejected: fine
      }
      transport.onStun(frame, 0, frame.length); // no request outstanding: dropped, never thrown
    }
  }

  /** The frames of {@code data} when it arrives {@code chunk} bytes at a time, until corrupt. */
  private static List<byte[]> cut(byte[] data, int chunk) {
    List<byte[]> frames = new ArrayList<>();
    byte[] buf = new byte[data.length];
    int start = 0;
    int end = 0;
    for (int at = 0; at < data.length; at += chunk) {
      int n = Math.min(chunk, data.length - at);
      System.arraycopy(data, at, buf, end, n);
      end += n;
      while (end > start) {
        int length = FRAMING.frameLength(buf, start, end - start);
        assertThat(length).isBetween(-1, Math.min(end - start, TurnFraming.MAX_FRAME));
        if (length == -1) {
          frames.add(new byte[0]); // the corruption is part of the outcome
          return frames;
        }
        if (length == 0) {
          break;
        }
        frames.add(java.util.Arrays.copyOfRange(buf, start, start + length));
        start += length;
      }
    }
    return frames;
  }
}
