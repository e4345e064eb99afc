package io.peervoice.natives;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The stream frame decoder (a {@link FrameAccumulator} with RFC 4571 framing, as the node's TCP and
 * TLS listeners and the overlay client use it) on arbitrary bytes cut into arbitrary reads: it
 * throws nothing; every frame it gives is a 16-bit length and that many bytes, within the limit;
 * the frames are a prefix of the input, the same however the input is cut; a refused stream is one
 * whose next length is over the limit. Seeds ({@code StreamFramingFuzzTestInputs/decode/}): the
 * first byte picks the read size, the rest is the stream.
 */
class StreamFramingFuzzTest {
  private static final int MAX = 2048;
  private static final StreamFraming FRAMING = StreamFraming.lengthPrefixed16(MAX);

  @FuzzTest(maxDuration = "5m")
  void decode(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int chunk = 1 + (input[0] & 0xFF);
    byte[] stream = java.util.Arrays.copyOfRange(input, 1, input.length);

    List<byte[]> whole = new ArrayList<>();
    boolean wholeOk = feed(stream, stream.length == 0 ? 1 : stream.length, whole);
    List<byte[]> cut = new ArrayList<>();
    boolean cutOk = feed(stream, chunk, cut);

    assertThat(cutOk).isEqualTo(wholeOk);
    assertThat(cut).hasSameSizeAs(whole);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (int i = 0; i < cut.size(); i++) {
      byte[] f = cut.get(i);
      assertThat(f).isEqualTo(whole.get(i));
      assertThat(f.length).isBetween(2, MAX + 2);
      assertThat(((f[0] & 0xFF) << 8 | (f[1] & 0xFF)) + 2).isEqualTo(f.length);
      joined.writeBytes(f);
    }
    byte[] consumed = joined.toByteArray();
    assertThat(java.util.Arrays.copyOf(stream, consumed.length)).isEqualTo(consumed);
    if (!wholeOk) {
      int next = (stream[consumed.length] & 0xFF) << 8;
      if (consumed.length + 1 < stream.length) {
        next |= stream[consumed.length + 1] & 0xFF;
      }
      assertThat(next).isGreaterThan(MAX);
    }
  }

  private static boolean feed(byte[] stream, int chunk, List<byte[]> out) {
    FrameAccumulator frames = new FrameAccumulator(FRAMING);
    for (int at = 0; at < stream.length; at += chunk) {
      int n = Math.min(chunk, stream.length - at);
      boolean ok =
          frames.feed(
              Unpooled.wrappedBuffer(stream, at, n),
              (data, offset, length) ->
                  out.add(java.util.Arrays.copyOfRange(data, offset, offset + length)));
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
