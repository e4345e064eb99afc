package io.peervoice.media.audio;

import static io.peervoice.media.audio.Signals.amplitudeAt;
import static io.peervoice.media.audio.Signals.db;
import static io.peervoice.media.audio.Signals.rms;
import static io.peervoice.media.audio.Signals.sine;
import static io.peervoice.media.audio.Signals.zeroCrossings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplerTest {
  private static final double A = 16384;

  @ParameterizedTest
  @ValueSource(ints = {8000, 11025, 16000, 22050, 32000, 44100, 44056, 88200, 96000})
  void aOneKilohertzSineKeepsItsFrequencyLevelAndTiming(int rate) {
    short[] in = sine(1000, A, rate, 0.7);
    short[] out = new PcmClip(rate, in).resampledTo48k().samples();

    assertThat(out).hasSize((int) Math.round(in.length * 48000.0 / rate));
    int from = 4800;
    int to = 28800;
    assertThat(zeroCrossings(out, from, to)).isBetween(999, 1001);
    assertThat(db(rms(out, from, to) / (A / Math.sqrt(2)))).isCloseTo(0, within(0.02));
    double toneShare = Math.pow(amplitudeAt(out, from, to, 1000, 48000), 2) / 2;
    assertThat(toneShare / Math.pow(rms(out, from, to), 2)).isGreaterThan(0.999);
    short[] ideal = sine(1000, A, 48000, 0.7);
    for (int j = from; j < to; j++) {
      assertThat(Math.abs(out[j] - ideal[j])).as("sample %d", j).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void aSevenKilohertzToneAtSixteenKilohertzComesOutWithoutImages() {
    short[] out = Resampler.to48k(16000).process(sine(7000, A, 16000, 1));
    int from = 4800;
    int to = 43200;
    assertThat(db(amplitudeAt(out, from, to, 7000, 48000) / A)).isCloseTo(0, within(0.01));
    for (double image : new double[] {9000, 23000}) {
      assertThat(db(amplitudeAt(out, from, to, image, 48000) / A))
          .as("%s Hz", image)
          .isLessThan(-85);
    }
    short[] ideal = sine(7000, A, 48000, 1);
    double residual = 0;
    for (int j = from; j < to; j++) {
      residual += Math.pow(out[j] - ideal[j], 2);
    }
    assertThat(db(Math.sqrt(residual / (to - from)) / A)).isLessThan(-80);
  }

  @Test
  void downSamplingRemovesWhatWouldAlias() {
    short[] out = Resampler.to48k(96000).process(sine(30000, A, 96000, 0.5));
    assertThat(out).hasSize(24000);
    assertThat(db(rms(out, 2400, 21600) / A)).isLessThan(-85);
  }

  @ParameterizedTest
  @CsvSource({"8000, -90", "16000, -90", "44100, -90", "11025, -90", "44056, -89"})
  void theFilterMeetsItsDocumentedPassbandAndStopband(int rate, double stopbandDb) {
    short[] impulse = new short[801];
    impulse[400] = 1;
    double[] h = Resampler.to48k(rate).filter(impulse);
    double dc = response(h, 0);
    double nyquist = rate / 2.0;
    for (double f = 0; f <= 0.9 * nyquist; f += 10) {
      assertThat(db(response(h, f) / dc)).as("%s Hz", f).isCloseTo(0, within(0.001));
    }
    for (double f = nyquist; f <= 24000; f += 10) {
      assertThat(db(response(h, f) / dc)).as("%s Hz", f).isLessThan(stopbandDb);
    }
  }

  @Test
  void filterLengthIsAsDocumented() {
    assertThat(Resampler.to48k(16000).taps()).isEqualTo(2 * Resampler.HALF_SPAN).isEqualTo(116);
    assertThat(Resampler.to48k(44100).taps()).isEqualTo(116);
    assertThat(Resampler.to48k(96000).taps()).isEqualTo(232);
  }

  private static double response(double[] h, double f) {
    double re = 0;
    double im = 0;
    for (int m = 0; m < h.length; m++) {
      re += h[m] * Math.cos(2 * Math.PI * f * m / 48000);
      im += h[m] * Math.sin(2 * Math.PI * f * m / 48000);
    }
    return Math.hypot(re, im);
  }

  @Test
  void aConstantStaysExactlyConstant() {
    short[] in = new short[4410];
    Arrays.fill(in, (short) 10000);
    short[] out = Resampler.to48k(44100).process(in);
    for (int j = 200; j < out.length - 200; j++) {
      assertThat(out[j]).isEqualTo((short) 10000);
    }
  }

  @Test
  void outputLengthIsTheRoundedRatio() {
    // round(n * 48000 / rate), halves rounded up: 1*6=6, 100*160/147=108.84, 3*320/147=6.53,
    // 3/2=1.5, 1/2=0.5
    assertThat(Resampler.to48k(8000).outputLength(1)).isEqualTo(6);
    assertThat(Resampler.to48k(44100).outputLength(147)).isEqualTo(160);
    assertThat(Resampler.to48k(44100).outputLength(100)).isEqualTo(109);
    assertThat(Resampler.to48k(22050).outputLength(3)).isEqualTo(7);
    assertThat(Resampler.to48k(96000).outputLength(3)).isEqualTo(2);
    assertThat(Resampler.to48k(96000).outputLength(1)).isEqualTo(1);
    assertThat(Resampler.to48k(16000).process(new short[0])).isEmpty();
  }

  @Test
  void fortyEightKilohertzInputComesBackUnchanged() {
    short[] samples = sine(1000, A, 48000, 0.1);
    PcmClip clip = new PcmClip(48000, samples);
    assertThat(clip.resampledTo48k()).isSameAs(clip);
    short[] copy = Resampler.to48k(48000).process(samples);
    assertThat(copy).isNotSameAs(samples).containsExactly(samples);
  }

  @Test
  void rejectsRatesOutsideTheRange() {
    assertThatThrownBy(() -> Resampler.of(7999, 48000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("7999 Hz is outside 8000..192000");
    assertThatThrownBy(() -> Resampler.of(48000, 192001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Resampler.to48k(16000).process(new PcmClip(8000, new short[1])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8000 Hz");
  }

  @Test
  void readsWavFilesOfOtherRatesAsFortyEightKilohertz(@TempDir Path dir) throws Exception {
    Path narrow = dir.resolve("narrow.wav");
    WavFile.write(narrow, new PcmClip(8000, sine(1000, A, 8000, 0.5)));
    PcmClip clip = WavFile.readAs48k(narrow);
    assertThat(clip.sampleRate()).isEqualTo(48000);
    assertThat(clip.samples()).hasSize(24000);
    assertThat(zeroCrossings(clip.samples(), 2400, 21600)).isBetween(799, 801);

    Path odd = dir.resolve("odd.wav");
    WavFile.write(odd, new PcmClip(6000, new short[60]));
    assertThatThrownBy(() -> WavFile.readAs48k(odd))
        .isInstanceOf(WavFormatException.class)
        .hasMessageContaining("odd.wav")
        .hasMessageContaining("6000 Hz");
  }
}
