package io.peervoice.media.processing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Noise suppression raises the SNR of speech in stationary noise mixed at 5 dB by at least 10 dB.
 * SNR is measured in the manner of ITU-T G.160 (speech power over the active frames less the noise
 * power, over the noise power in speech pauses; frames told apart on the clean speech), after the
 * first 2 s in which the suppressor learns the noise.
 */
class NoiseSuppressionTest {

  @ParameterizedTest
  @EnumSource(
      value = ProcessingEngine.class,
      names = {"WEBRTC_AEC3", "SPEEXDSP"})
  void raisesSnrByTenDbAtFiveDbInput(ProcessingEngine engine) {
    Signals.requireEngine(engine);
    double seconds = 10;
    double[] speech = Signals.speech(seconds);
    double[] input = Signals.mix(speech, Signals.noise(speech.length, 11), 5);
    int blocks = speech.length / Signals.BLOCK;
    double[] out = new double[blocks * Signals.BLOCK];
    AudioProcessing nsOnly = AudioProcessing.off().withNoiseSuppression(NoiseSuppression.HIGH);
    try (AudioProcessor processor = AudioProcessors.open(nsOnly, engine)) {
      for (int b = 0; b < blocks; b++) {
        short[] block = Signals.block(input, b);
        processor.capture(block);
        for (int i = 0; i < block.length; i++) {
          out[b * Signals.BLOCK + i] = block[i];
        }
      }
    }
    int from = 2 * Signals.RATE; // after the suppressor has learnt the noise
    double before = snrDb(speech, input, from, out.length);
    double after = snrDb(speech, out, from, out.length);
    System.out.printf("%s: SNR %.1f dB -> %.1f dB%n", engine, before, after);
    assertThat(before).as("input SNR over active speech").isBetween(5.0, 10.0);
    assertThat(after - before).isGreaterThanOrEqualTo(10);
  }

  /**
   * SNR of {@code y} in the manner of ITU-T G.160's SNR improvement: noise is the mean power over
   * the 10 ms frames where the clean speech {@code s} pauses (more than 40 dB below its loudest
   * frame), speech is the mean power over its active frames (within 20 dB of its mean frame power)
   * less that noise.
   */
  static double snrDb(double[] s, double[] y, int from, int to) {
    int block = Signals.BLOCK;
    double loudest = 0;
    double mean = 0;
    int frames = 0;
    for (int b = from / block; (b + 1) * block <= to; b++) {
      double p = Signals.power(s, b * block, (b + 1) * block);
      loudest = Math.max(loudest, p);
      mean += p;
      frames++;
    }
    mean /= frames;
    double active = 0;
    int activeFrames = 0;
    double pause = 0;
    int pauseFrames = 0;
    for (int b = from / block; (b + 1) * block <= to; b++) {
      double clean = Signals.power(s, b * block, (b + 1) * block);
      double p = Signals.power(y, b * block, (b + 1) * block);
      if (clean < loudest * 1e-4) {
        pause += p;
        pauseFrames++;
      } else if (clean > mean * 1e-2) {
        active += p;
        activeFrames++;
      }
    }
    assertThat(pauseFrames).as("pause frames").isGreaterThan(frames / 20);
    assertThat(activeFrames).as("active frames").isGreaterThan(frames / 4);
    double noise = pause / pauseFrames;
    double speech = active / activeFrames - noise;
    return 10 * Math.log10(speech / noise);
  }
}
