package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamingResamplerTest {

  /**
   * Reads in pieces of random sizes from an input that itself hands out random small pieces: every
   * chunk boundary on either side gives the same samples as converting the whole input at once.
   */
  @ParameterizedTest
  @ValueSource(ints = {8000, 11025, 16000, 22050, 44056, 44100, 96000, 192000})
  void anyChunkingGivesExactlyTheWholeInputConversion(int rate) throws Exception {
    short[] input = TestWav.audio(rate, 0.37, rate);
    Resampler resampler = Resampler.to48k(rate);
    short[] whole = resampler.process(input);
    Random random = new Random(rate);
    int[] position = {0};
    StreamingResampler stream =
        new StreamingResampler(
            resampler,
            input.length,
            (buffer, offset, length) -> {
              if (position[0] == input.length) {
                return -1;
              }
              int n =
                  Math.min(length, Math.min(input.length - position[0], 1 + random.nextInt(700)));
              System.arraycopy(input, position[0], buffer, offset, n);
              position[0] += n;
              return n;
            });
    assertThat(stream.outputLength()).isEqualTo(whole.length);
    short[] out = new short[whole.length + 5];
    int n = 0;
    while (stream.remaining() > 0) {
      n += stream.read(out, n, 1 + random.nextInt(1500));
    }
    assertThat(n).isEqualTo(whole.length);
    assertThat(stream.read(out, n, 5)).isZero();
    assertThat(java.util.Arrays.copyOf(out, n)).isEqualTo(whole);
  }
}
