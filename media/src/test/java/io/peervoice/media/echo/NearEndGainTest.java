package io.peervoice.media.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.peervoice.media.processing.AudioProcessor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The near end's level lost in double talk, and the echo the far end still hears then, on outputs
 * whose effect on the near end and the echo is known.
 */
class NearEndGainTest {
  static double[] near;
  static boolean[] talking;

  @BeforeAll
  static void nearEnd() {
    short[] clip = EchoFixtures.near().samples();
    int blocks = clip.length / AudioProcessor.BLOCK_SAMPLES;
    near = new double[blocks * AudioProcessor.BLOCK_SAMPLES];
    for (int i = 0; i < near.length; i++) {
      near[i] = clip[i];
    }
    // the blocks where the talker talks (within 30 dB of the loudest), as double talk would have
    double[] energy = new double[blocks];
    for (int i = 0; i < near.length; i++) {
      energy[i / AudioProcessor.BLOCK_SAMPLES] += near[i] * near[i];
    }
    double peak = Arrays.stream(energy).max().orElseThrow();
    talking = new boolean[blocks];
    for (int b = 0; b < blocks; b++) {
      talking[b] = energy[b] > peak * 1e-3;
    }
  }

  private static short[] scaled(double gain) {
    short[] out = new short[near.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) Math.round(near[i] * gain);
    }
    return out;
  }

  @Test
  void halvingTheNearEndIsSixDecibels() {
    assertThat(NearEndGain.suppressionDb(near, scaled(1.0), talking)).isCloseTo(0.0, within(0.01));
    assertThat(NearEndGain.suppressionDb(near, scaled(0.5), talking)).isCloseTo(6.02, within(0.02));
  }

  @Test
  void uncorrelatedResidualEchoIsNotNearEnd() {
    short[] out = new short[near.length];
    Random random = new Random(11);
    double rms = Math.sqrt(Arrays.stream(near).map(v -> v * v).average().orElseThrow());
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) Math.round(near[i] * 0.5 + random.nextGaussian() * rms);
    }
    assertThat(NearEndGain.suppressionDb(near, out, talking)).isCloseTo(6.02, within(0.3));
  }

  @Test
  void aHighPassFiltersPhaseIsNoLoss() {
    // second-order Butterworth high-pass at 80 Hz (bilinear transform): takes almost nothing of the
    // near end's energy, but shifts the phase of its lowest harmonics
    double k = Math.tan(Math.PI * 80 / 48_000);
    double q = Math.sqrt(2);
    double norm = 1 / (1 + q * k + k * k);
    double b0 = norm;
    double b1 = -2 * norm;
    double a1 = 2 * (k * k - 1) * norm;
    double a2 = (1 - q * k + k * k) * norm;
    short[] out = new short[near.length];
    double x1 = 0;
    double x2 = 0;
    double y1 = 0;
    double y2 = 0;
    double keptEnergy = 0;
    double energy = 0;
    double cross = 0;
    for (int i = 0; i < near.length; i++) {
      double y = b0 * near[i] + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = near[i];
      y2 = y1;
      y1 = y;
      out[i] = (short) Math.round(y);
      if (talking[i / AudioProcessor.BLOCK_SAMPLES]) {
        keptEnergy += y * y;
        energy += near[i] * near[i];
        cross += near[i] * y;
      }
    }
    double energyLostDb = -10 * Math.log10(keptEnergy / energy);
    double singleLagGainLostDb = -20 * Math.log10(cross / energy);
    assertThat(energyLostDb).isLessThan(0.1);
    assertThat(singleLagGainLostDb).isGreaterThan(0.3);
    assertThat(NearEndGain.suppressionDb(near, out, talking)).isCloseTo(energyLostDb, within(0.1));
  }

  @Test
  void nothingLeftIsTheFloorAndNoDoubleTalkIsNotMeasured() {
    assertThat(NearEndGain.suppressionDb(near, new short[near.length], talking)).isEqualTo(120.0);
    assertThat(NearEndGain.suppressionDb(near, scaled(1.0), new boolean[talking.length])).isNaN();
  }

  /** White noise at {@code rms} (seeded): an echo uncorrelated with the near end. */
  private static double[] echo(double rms, long seed) {
    Random random = new Random(seed);
    double[] echo = new double[near.length];
    for (int i = 0; i < echo.length; i++) {
      echo[i] = random.nextGaussian() * rms;
    }
    return echo;
  }

  /** The near end's RMS while it talks. */
  private static double nearRms() {
    double energy = 0;
    int n = 0;
    for (int i = 0; i < near.length; i++) {
      if (talking[i / AudioProcessor.BLOCK_SAMPLES]) {
        energy += near[i] * near[i];
        n++;
      }
    }
    return Math.sqrt(energy / n);
  }

  @Test
  void theEchoLeftBesideTheNearEndIsWhatTheFarEndHears() {
    double[] echo = echo(nearRms(), 5);
    // a quarter of the echo's amplitude left beside the whole near end: 12.04 dB less echo, and
    // the echo (as loud as the near end at the microphone) heard 12.04 dB under the near end
    short[] out = new short[near.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) Math.round(near[i] + 0.25 * echo[i]);
    }
    assertThat(NearEndGain.echoReductionDb(near, echo, out, talking)).isCloseTo(12.04, within(0.3));
    assertThat(NearEndGain.residualToNearDb(near, out, talking)).isCloseTo(-12.04, within(0.3));
    // the same with the near end halved: the echo's reduction is the same, but it is heard 6 dB
    // closer to the near end
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) Math.round(0.5 * near[i] + 0.25 * echo[i]);
    }
    assertThat(NearEndGain.echoReductionDb(near, echo, out, talking)).isCloseTo(12.04, within(0.3));
    assertThat(NearEndGain.residualToNearDb(near, out, talking)).isCloseTo(-6.02, within(0.3));
  }

  @Test
  void passingTheMicrophoneReducesNoEcho() {
    double[] echo = echo(2 * nearRms(), 7);
    short[] mic = new short[near.length];
    for (int i = 0; i < mic.length; i++) {
      mic[i] = (short) Math.round(near[i] + echo[i]);
    }
    assertThat(NearEndGain.echoReductionDb(near, echo, mic, talking)).isCloseTo(0.0, within(0.2));
    // the echo at twice the near end's level: 6.02 dB over it, spectra aside (white against speech)
    assertThat(NearEndGain.residualToNearDb(near, mic, talking)).isCloseTo(6.02, within(0.3));
  }

  @Test
  void onlyTheNearEndLeftIsTheFloors() {
    double[] echo = echo(nearRms(), 9);
    assertThat(NearEndGain.echoReductionDb(near, echo, scaled(1.0), talking)).isGreaterThan(60);
    assertThat(NearEndGain.residualToNearDb(near, scaled(1.0), talking)).isLessThan(-60);
    assertThat(NearEndGain.residualToNearDb(near, new short[near.length], talking))
        .isEqualTo(120.0);
    assertThat(NearEndGain.echoReductionDb(near, echo, scaled(1.0), new boolean[talking.length]))
        .isNaN();
    assertThat(NearEndGain.residualToNearDb(near, scaled(1.0), new boolean[talking.length]))
        .isNaN();
  }
}
