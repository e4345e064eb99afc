package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavStreamSourceTest {
  @TempDir Path dir;

  /** Everything the source plays, frame by frame, until it reports its end. */
  private static short[] playAll(WavStreamSource source) {
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    short[] all = new short[0];
    int n = 0;
    while (source.read(frame)) {
      all = Arrays.copyOf(all, n + frame.length);
      System.arraycopy(frame, 0, all, n, frame.length);
      n += frame.length;
    }
    return all;
  }

  /** The whole-file result padded to whole frames, as a frame-by-frame source plays it. */
  private static short[] framed(short[] samples) {
    int frames = (samples.length + PcmFormat.FRAME_SAMPLES - 1) / PcmFormat.FRAME_SAMPLES;
    return Arrays.copyOf(samples, frames * PcmFormat.FRAME_SAMPLES);
  }

  @ParameterizedTest
  @CsvSource({"8000,1", "16000,1", "22050,2", "44100,1", "44100,2", "48000,1", "48000,2"})
  void playsTheSameSamplesAsReadingTheWholeFile(int rate, int channels) throws Exception {
    short[] interleaved = TestWav.audio(rate * channels, 1.3, rate);
    Path file =
        TestWav.riff().fmt(1, channels, rate, 16).data(interleaved).write(dir.resolve("a.wav"));
    short[] whole = WavFile.readAs48k(file).samples();
    try (WavStreamSource source = WavStreamSource.open(file)) {
      assertThat(source.length()).isEqualTo(whole.length);
      assertThat(source.fileSampleRate()).isEqualTo(rate);
      assertThat(playAll(source)).isEqualTo(framed(whole));
      short[] after = new short[PcmFormat.FRAME_SAMPLES];
      Arrays.fill(after, (short) 7);
      assertThat(source.read(after)).isFalse();
      assertThat(after).containsOnly((short) 0);
    }
  }

  @Test
  void readsAnExtensibleHeaderAndSkipsUnknownChunks() throws Exception {
    short[] stereo = TestWav.audio(2 * 16000, 0.5, 1);
    Path file =
        TestWav.riff()
            .chunk(0x5453494c, new byte[] {1, 2, 3})
            .extensible(2, 16000, 1)
            .chunk(0x74636166, new byte[4])
            .data(stereo)
            .write(dir.resolve("ext.wav"));
    Path plain = TestWav.riff().fmt(1, 2, 16000, 16).data(stereo).write(dir.resolve("p.wav"));
    try (WavStreamSource source = WavStreamSource.open(file)) {
      assertThat(source.channels()).isEqualTo(2);
      assertThat(source.duration().toMillis()).isEqualTo(500);
      assertThat(playAll(source)).isEqualTo(framed(WavFile.readAs48k(plain).samples()));
    }
  }

  @Test
  void aDataChunkCutShortPlaysAsFarAsTheFileGoes() throws Exception {
    short[] mono = TestWav.audio(48000, 0.25, 2);
    byte[] data = TestWav.bytes(mono);
    Path file =
        TestWav.riff()
            .fmt(1, 1, 48000, 16)
            .chunk(WavHeader.DATA, 10L * data.length, data)
            .write(dir.resolve("cut.wav"));
    try (WavStreamSource source = WavStreamSource.open(file)) {
      assertThat(source.length()).isEqualTo(mono.length);
      assertThat(Arrays.copyOf(playAll(source), mono.length)).isEqualTo(mono);
    }
  }

  @Test
  void badFilesFailAtOpenWithTheFileAndTheReason() throws Exception {
    short[] some = new short[100];
    Object[][] cases = {
      {"text.wav", "hello, not audio".getBytes(), "not a RIFF/WAVE file"},
      {"empty.wav", new byte[0], "not a RIFF/WAVE file"},
      {"nodata.wav", TestWav.riff().fmt(1, 1, 16000, 16).bytes(), "no data chunk"},
      {"nofmt.wav", TestWav.riff().data(some).bytes(), "data chunk before fmt chunk"},
      {
        "short.wav",
        TestWav.riff().chunk(WavHeader.FMT, new byte[10]).bytes(),
        "fmt chunk too short"
      },
      {"float.wav", TestWav.riff().fmt(3, 1, 48000, 32).data(some).bytes(), "16-bit PCM"},
      {"24bit.wav", TestWav.riff().fmt(1, 1, 48000, 24).data(some).bytes(), "24 bits"},
      {"xfloat.wav", TestWav.riff().extensible(1, 48000, 3).data(some).bytes(), "sub-format 3"},
      {"slow.wav", TestWav.riff().fmt(1, 1, 4000, 16).data(some).bytes(), "4000 Hz cannot be"},
      {"fast.wav", TestWav.riff().fmt(1, 1, 384000, 16).data(some).bytes(), "384000 Hz"},
      {"mute.wav", TestWav.riff().fmt(1, 0, 48000, 16).data(some).bytes(), "16-bit PCM"},
    };
    for (Object[] c : cases) {
      Path file = Files.write(dir.resolve((String) c[0]), (byte[]) c[1]);
      assertThatThrownBy(() -> WavStreamSource.open(file))
          .as((String) c[0])
          .isInstanceOf(WavFormatException.class)
          .hasMessageStartingWith(file + ": ")
          .hasMessageContaining((String) c[2])
          .hasNoSuppressedExceptions();
    }
    Path missing = dir.resolve("nosuch.wav");
    assertThatThrownBy(() -> WavStreamSource.open(missing)).hasMessage(missing + ": no such file");
    assertThatThrownBy(() -> WavStreamSource.open(dir)).hasMessageStartingWith(dir + ": ");
  }

  @Test
  void randomlyCorruptedFilesEitherPlayOrFailWithAWavFormatException() throws Exception {
    byte[] good = TestWav.riff().fmt(1, 2, 22050, 16).data(TestWav.audio(4410, 0.5, 3)).bytes();
    Random random = new Random(11);
    Path file = dir.resolve("fuzz.wav");
    for (int round = 0; round < 300; round++) {
      byte[] bad = Arrays.copyOf(good, random.nextInt(good.length + 1));
      for (int k = random.nextInt(4); k > 0 && bad.length > 0; k--) {
        bad[random.nextInt(Math.min(bad.length, 60))] = (byte) random.nextInt();
      }
      Files.write(file, bad);
      try (WavStreamSource source = WavStreamSource.open(file)) {
        playAll(source);
      } catch (WavFormatException e) {
        assertThat(e).hasMessageStartingWith(file + ": ");
      }
    }
  }

  @Test
  void aMeterSeesExactlyTheFilesSamples() throws Exception {
    Path file =
        TestWav.riff()
            .fmt(1, 1, 16000, 16)
            .data(TestWav.audio(16000, 1.01, 4))
            .write(dir.resolve("m.wav"));
    EnvelopeMeter meter = EnvelopeMeter.at48k();
    try (WavStreamSource source = WavStreamSource.open(file).meteredBy(meter)) {
      playAll(source);
    }
    EnvelopeMeter whole = EnvelopeMeter.at48k();
    short[] samples = WavFile.readAs48k(file).samples();
    whole.accept(samples, 0, samples.length);
    assertThat(meter.envelope()).isEqualTo(whole.envelope()).hasSize(101);
  }

  @Test
  void closingEndsTheSourceAndIsIdempotent() throws Exception {
    Path file =
        TestWav.riff()
            .fmt(1, 1, 48000, 16)
            .data(TestWav.audio(48000, 1, 5))
            .write(dir.resolve("c.wav"));
    WavStreamSource source = WavStreamSource.open(file);
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    assertThat(source.read(frame)).isTrue();
    source.close();
    source.close();
    assertThat(source.read(frame)).isFalse();
    assertThat(frame).containsOnly((short) 0);
  }
}
