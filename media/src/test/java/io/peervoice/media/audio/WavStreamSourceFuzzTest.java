package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link WavStreamSource} (what {@code --play} streams from disk) on arbitrary file contents: open
 * throws nothing but an {@link IOException}, and an opened file plays to its end without throwing,
 * never yielding more frames than its bytes can hold. Seeds: {@code
 * WavStreamSourceFuzzTestInputs/open/} (the WAV reader's seeds).
 */
class WavStreamSourceFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void open(byte[] data) throws IOException {
    Path file = Files.createTempFile("fuzz", ".wav");
    try {
      Files.write(file, data);
      WavStreamSource source;
      try {
        source = WavStreamSource.open(file);
      } catch (IOException e) {
        return;
      }
      try (source) {
        short[] frame = new short[PcmFormat.FRAME_SAMPLES];
        // 48 kHz frames from at most data.length / 2 input samples at >= 8 kHz: 6x, plus the tail
        long bound = 6L * data.length / 2 / PcmFormat.FRAME_SAMPLES + 2;
        long frames = 0;
        while (source.read(frame)) {
          frames++;
          assertThat(frames).isLessThanOrEqualTo(bound);
        }
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
