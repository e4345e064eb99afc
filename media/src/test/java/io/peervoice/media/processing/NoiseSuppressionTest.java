package io.peervoice.media.processing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Noise suppression raises the SNR of speech in stationary noise mixed at 5 dB by at least 10 dB.
 * SNR is measured in the manner of ITU-T G.160 (speech power over the active frames less the noise
 * power, over the noise power in speech pauses; frames told apart on the clean speech), after the
 * first 2 s in which the suppressor learns the noise, on the output moved back by the stage's
 * latency (found to the sample, as the echo bench does; see {@link
 * #aPureDelayDoesNotChangeTheSnr}).
 */
class NoiseSuppressionTest {

  @ParameterizedTest
  @EnumSource(
      value = ProcessingEngine.class,
      names = {"PEERVOICE_AEC", "WEBRTC_AEC3", "SPEEXDSP"})
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
    int latency = latencySamples(speech, out);
    double[] aligned = advance(out, latency);
    double before = snrDb(speech, input, from, out.length - MAX_LATENCY);
    double after = snrDb(speech, aligned, from, out.length - MAX_LATENCY);
    System.out.printf(
        "%s: SNR %.1f dB -> %.1f dB (output %.1f ms late)%n",
        engine, before, after, latency * 1000.0 / Signals.RATE);
    assertThat(before).as("input SNR over active speech").isBetween(5.0, 10.0);
    assertThat(after - before).isGreaterThanOrEqualTo(10);
  }

  /**
   * A pure delay changes nothing in the signal, so it must not change the SNR. Without aligning the
   * output first (as until S5), it did: the frames are told apart on the clean speech, so a late
   * output puts speech into frames counted as pauses. On an oracle suppressor's output (the clean
   * speech plus the noise 20 dB down) a 17 ms delay alone read as 5 dB or more less SNR, so a stage
   * with 17 ms of latency was charged for its latency as if it were noise.
   */
  @org.junit.jupiter.api.Test
  void aPureDelayDoesNotChangeTheSnr() {
    double[] speech = Signals.speech(10);
    double[] noisy = Signals.mix(speech, Signals.noise(speech.length, 11), 5);
    double[] input = new double[speech.length];
    for (int i = 0; i < input.length; i++) {
      input[i] = speech[i] + 0.1 * (noisy[i] - speech[i]);
    }
    double[] late = new double[input.length];
    System.arraycopy(input, 0, late, 816, input.length - 816);
    int from = 2 * Signals.RATE;
    int to = input.length - MAX_LATENCY;
    double onTime = snrDb(speech, input, from, to);
    assertThat(onTime).as("the oracle").isGreaterThan(20);
    assertThat(snrDb(speech, late, from, to)).as("unaligned").isLessThan(onTime - 5);
    assertThat(latencySamples(speech, late)).isEqualTo(816);
    assertThat(snrDb(speech, advance(late, latencySamples(speech, late)), from, to))
        .isCloseTo(onTime, org.assertj.core.api.Assertions.within(0.01));
  }

  /** 40 ms at 48 kHz: the longest latency looked for. */
  static final int MAX_LATENCY = 1920;

  /** The lag of 0..40 ms at which {@code out} correlates best with the clean speech. */
  static int latencySamples(double[] speech, double[] out) {
    int best = 0;
    double bestCross = Double.NEGATIVE_INFINITY;
    for (int lag = 0; lag <= MAX_LATENCY; lag++) {
      double cross = 0;
      for (int i = 0; i + lag < out.length; i += 2) {
        cross += speech[i] * out[i + lag];
      }
      if (cross > bestCross) {
        bestCross = cross;
        best = lag;
      }
    }
    return best;
  }

  static double[] advance(double[] x, int samples) {
    double[] moved = new double[x.length];
    System.arraycopy(x, samples, moved, 0, x.length - samples);
    return moved;
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
