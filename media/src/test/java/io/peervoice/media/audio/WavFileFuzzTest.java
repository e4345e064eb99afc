package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peervoice.testkit.DecodeBudget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@link WavFile#read(java.io.InputStream, String)} on arbitrary file contents: it throws nothing
 * but {@link WavFormatException}, stays within a {@link DecodeBudget} (no allocation that a chunk
 * size claims), and the clip it returns writes and reads back unchanged. Seeds: {@code
 * WavFileFuzzTestInputs/read/}.
 */
class WavFileFuzzTest {
  private static final DecodeBudget BUDGET = DecodeBudget.standard();

  @FuzzTest(maxDuration = "10m")
  void read(byte[] data) throws IOException {
    PcmClip clip =
        DecodeBudget.valueOrAllowed(
            BUDGET.run(data.length, () -> WavFile.read(new ByteArrayInputStream(data), "fuzz.wav")),
            WavFormatException.class);
    if (clip == null) {
      return;
    }
    assertThat(clip.sampleRate()).isPositive();
    assertThat(2L * clip.samples().length).isLessThanOrEqualTo(data.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WavFile.write(out, clip);
    PcmClip back = WavFile.read(new ByteArrayInputStream(out.toByteArray()), "again.wav");
    assertThat(back.sampleRate()).isEqualTo(clip.sampleRate());
    assertThat(back.samples()).isEqualTo(clip.samples());
  }
}
