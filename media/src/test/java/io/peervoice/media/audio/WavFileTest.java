package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFileTest {

  @Test
  void roundTripsThroughAFile(@TempDir Path dir) throws Exception {
    PcmClip clip = new PcmClip(48000, new short[] {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE});
    Path file = dir.resolve("a.wav");
    WavFile.write(file, clip);
    PcmClip back = WavFile.read(file);
    assertThat(back.sampleRate()).isEqualTo(48000);
    assertThat(back.samples()).containsExactly(clip.samples());
  }

  @Test
  void mixesStereoDownToMonoAndSkipsUnknownChunks() throws Exception {
    ByteBuffer b = ByteBuffer.allocate(12 + 8 + 4 + 24 + 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x46464952).putInt(b.capacity() - 8).putInt(0x45564157);
    b.putInt(0x5453494c).putInt(4).putInt(0);
    b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 2);
    b.putInt(16000).putInt(64000).putShort((short) 4).putShort((short) 16);
    b.putInt(0x61746164).putInt(8);
    b.putShort((short) 100).putShort((short) 300).putShort((short) -10).putShort((short) -30);
    PcmClip clip = WavFile.read(new ByteArrayInputStream(b.array()), "stereo");
    assertThat(clip.sampleRate()).isEqualTo(16000);
    assertThat(clip.samples()).containsExactly((short) 200, (short) -20);
  }

  @Test
  void rejectsWhatIsNotSixteenBitPcmWav() {
    assertThatThrownBy(() -> WavFile.read(new ByteArrayInputStream("hello".getBytes()), "x.wav"))
        .isInstanceOf(WavFormatException.class)
        .hasMessageContaining("x.wav")
        .hasMessageContaining("RIFF");
    ByteBuffer b = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x46464952).putInt(28).putInt(0x45564157);
    b.putInt(0x20746d66).putInt(16).putShort((short) 3).putShort((short) 1);
    b.putInt(48000).putInt(192000).putShort((short) 4).putShort((short) 32);
    assertThatThrownBy(() -> WavFile.read(new ByteArrayInputStream(b.array()), "float.wav"))
        .isInstanceOf(WavFormatException.class)
        .hasMessageContaining("16-bit PCM");
  }

  @Test
  void theBundledSpeechSampleIsAFewSecondsOfMono48kHz() {
    PcmClip speech = SpeechSample.load();
    assertThat(speech.sampleRate()).isEqualTo(48000);
    assertThat(speech.durationSeconds()).isBetween(3.0, 8.0);
  }
}
