package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EnvelopeMeterTest {
  private final PcmClip speech = SpeechSample.load();

  /** The envelope as EnvelopeSimilarity computed it from whole clips before meters existed. */
  private static double[] wholeClipEnvelope(short[] samples, int window) {
    double[] env = new double[samples.length / window];
    for (int w = 0; w < env.length; w++) {
      double sum = 0;
      for (int i = w * window; i < (w + 1) * window; i++) {
        sum += (double) samples[i] * samples[i];
      }
      env[w] = Math.log10(1 + Math.sqrt(sum / window));
    }
    return env;
  }

  private static EnvelopeMeter fedInRandomPieces(short[] samples, long seed) {
    EnvelopeMeter meter = EnvelopeMeter.at48k();
    Random random = new Random(seed);
    for (int i = 0; i < samples.length; ) {
      int n = Math.min(samples.length - i, random.nextInt(2_000));
      meter.accept(samples, i, n);
      i += n;
    }
    return meter;
  }

  @Test
  void piecesOfAnySizeGiveTheWholeClipEnvelopeExactly() {
    short[] samples = speech.samples();
    assertThat(fedInRandomPieces(samples, 1).envelope())
        .isEqualTo(wholeClipEnvelope(samples, 480))
        .hasSize(samples.length / 480);
  }

  @Test
  void comparingMetersGivesTheSameResultAsComparingTheClips() {
    short[] heard = new short[speech.samples().length + 48 * 180];
    Random random = new Random(5);
    for (int i = 0; i < speech.samples().length; i++) {
      heard[48 * 180 + i] = (short) (speech.samples()[i] / 2 + random.nextGaussian() * 200);
    }
    PcmClip received = new PcmClip(48000, heard);
    EnvelopeSimilarity.Result clips = EnvelopeSimilarity.compare(speech, received, 2_000);
    EnvelopeSimilarity.Result meters =
        EnvelopeSimilarity.compare(
            fedInRandomPieces(speech.samples(), 2), fedInRandomPieces(heard, 3), 2_000);
    assertThat(meters).isEqualTo(clips);
    assertThat(clips.lagMillis()).isEqualTo(180);
    assertThat(clips.correlation()).isGreaterThan(0.8);
  }

  @Test
  void keepsOnlyTheEnvelope() {
    EnvelopeMeter meter = EnvelopeMeter.at48k();
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    for (int i = 0; i < 50 * 60; i++) {
      meter.write(frame);
    }
    assertThat(meter.windows()).isEqualTo(6_000);
  }
}
