package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavStreamWriterTest {
  @TempDir Path dir;

  /** The file's RIFF size, data size and length, checked for consistency. */
  private static long dataBytesOf(Path file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    long riff = b.getInt(4) & 0xFFFF_FFFFL;
    long data = b.getInt(40) & 0xFFFF_FFFFL;
    assertThat(riff).isEqualTo(36 + data);
    assertThat(b.getInt(36)).isEqualTo(WavHeader.DATA);
    return data;
  }

  @Test
  void theFileIsAValidWavOfEverythingFlushedAfterEveryFlush() throws Exception {
    Path file = dir.resolve("rec.wav");
    short[] audio = TestWav.audio(48000, 3.3, 1);
    try (WavStreamWriter writer = WavStreamWriter.create(file)) {
      assertThat(WavFile.read(file).samples()).isEmpty();
      assertThat(dataBytesOf(file)).isZero();
      short[] frame = new short[PcmFormat.FRAME_SAMPLES];
      for (int f = 0; f * frame.length + frame.length <= audio.length; f++) {
        System.arraycopy(audio, f * frame.length, frame, 0, frame.length);
        writer.write(frame);
        int written = (f + 1) * frame.length;
        int flushed = written / 48_000 * 48_000;
        assertThat(writer.samples()).isEqualTo(written);
        if (written % 48_000 == 0 || written % 48_000 == frame.length) {
          // a flush is due once per second of audio: the file holds exactly the flushed seconds
          PcmClip onDisk = WavFile.read(file);
          assertThat(onDisk.sampleRate()).isEqualTo(48_000);
          assertThat(onDisk.samples()).isEqualTo(Arrays.copyOf(audio, flushed));
          assertThat(dataBytesOf(file)).isEqualTo(2L * flushed);
        }
      }
      writer.flush();
      assertThat(WavFile.read(file).samples()).hasSize(3 * 48_000 + 15 * 960);
    }
    assertThat(WavFile.read(file).samples()).isEqualTo(Arrays.copyOf(audio, 3 * 48_000 + 15 * 960));
  }

  @Test
  void aShorterIntervalFlushesMoreOftenAndOddSizesWork() throws Exception {
    Path file = dir.resolve("fast.wav");
    WavStreamWriter writer = WavStreamWriter.create(file, 16_000, Duration.ofMillis(100));
    short[] audio = TestWav.audio(16_000, 1, 2);
    writer.write(audio, 0, 1_601);
    // never closed, as if the process were killed: the flushed part is readable
    assertThat(WavFile.read(file).samples()).isEqualTo(Arrays.copyOf(audio, 1_600));
    assertThat(WavFile.read(file).sampleRate()).isEqualTo(16_000);
    writer.close();
    assertThat(WavFile.read(file).samples()).isEqualTo(Arrays.copyOf(audio, 1_601));
  }

  @Test
  void closeIsIdempotentAndLaterSamplesAreDropped() throws Exception {
    Path file = dir.resolve("c.wav");
    WavStreamWriter writer = WavStreamWriter.create(file);
    writer.write(new short[960]);
    writer.close();
    writer.close();
    writer.flush();
    writer.write(new short[960]);
    assertThat(writer.droppedSamples()).isEqualTo(960);
    assertThat(WavFile.read(file).samples()).hasSize(960);
  }

  @Test
  void closingFromAnotherThreadWhileTheMediaThreadWritesLeavesAValidFile() throws Exception {
    Path file = dir.resolve("race.wav");
    WavStreamWriter writer = WavStreamWriter.create(file, 48_000, Duration.ofMillis(20));
    CountDownLatch started = new CountDownLatch(1);
    Thread media =
        new Thread(
            () -> {
              short[] frame = new short[960];
              Arrays.fill(frame, (short) 1000);
              for (int i = 0; i < 20_000; i++) {
                writer.write(frame);
                if (i == 100) {
                  started.countDown();
                }
              }
            });
    media.start();
    started.await();
    writer.close();
    media.join();
    PcmClip clip = WavFile.read(file);
    assertThat(clip.samples().length).isEqualTo(writer.samples()).isGreaterThanOrEqualTo(101 * 960);
    assertThat(clip.samples()).containsOnly((short) 1000);
    assertThat(dataBytesOf(file)).isEqualTo(Files.size(file) - 44);
  }

  @Test
  void anUnwritablePathFailsAtCreateNamingTheFile() {
    Path nowhere = dir.resolve("missing-dir").resolve("rec.wav");
    assertThatThrownBy(() -> WavStreamWriter.create(nowhere))
        .hasMessage(nowhere + ": no such directory");
    assertThatThrownBy(() -> WavStreamWriter.create(dir)).hasMessageStartingWith(dir + ": ");
  }

  @Test
  void replacesAnExistingFile() throws Exception {
    Path file = Files.write(dir.resolve("old.wav"), new byte[100_000]);
    try (WavStreamWriter writer = WavStreamWriter.create(file)) {
      writer.write(new short[10]);
    }
    assertThat(Files.size(file)).isEqualTo(64);
  }
}
