package io.peervoice.media.playout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeStretcherTest {
  private final TimeStretcher stretcher = new TimeStretcher(48_000, 0.8);

  private static short[] sine(double hz, int n, double amplitude) {
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      s[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / 48_000));
    }
    return s;
  }

  private static int maxStep(short[] s) {
    int max = 0;
    for (int i = 1; i < s.length; i++) {
      max = Math.max(max, Math.abs(s[i] - s[i - 1]));
    }
    return max;
  }

  @Test
  void acceleratesVoicedSpeechByWholePitchPeriodsWithoutAClick() {
    short[] voiced = sine(200, 960, 8000);
    short[] out = stretcher.accelerate(voiced);
    int removed = voiced.length - out.length;
    assertThat(removed).isPositive().isLessThanOrEqualTo(480);
    assertThat(removed % 240).isZero();
    assertThat(maxStep(out)).isLessThanOrEqualTo(maxStep(voiced) + 2);
    assertThat(out[out.length - 1]).isEqualTo(voiced[voiced.length - 1]);
  }

  @Test
  void deceleratesVoicedSpeechByWholePitchPeriodsWithoutAClick() {
    short[] voiced = sine(160, 960, 8000);
    short[] out = stretcher.decelerate(voiced);
    int added = out.length - voiced.length;
    assertThat(added).isPositive().isLessThanOrEqualTo(480);
    assertThat(added % 300).isZero();
    assertThat(maxStep(out)).isLessThanOrEqualTo(maxStep(voiced) + 2);
    assertThat(out[0]).isEqualTo(voiced[0]);
  }

  @Test
  void leavesLoudUnpitchedSoundAlone() {
    Random random = new Random(5);
    short[] noise = new short[960];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (short) (random.nextGaussian() * 5000);
    }
    assertThat(stretcher.accelerate(noise)).isSameAs(noise);
    assertThat(stretcher.decelerate(noise)).isSameAs(noise);
  }

  @Test
  void stretchesNearSilenceByTenMilliseconds() {
    short[] quiet = sine(1000, 960, 20);
    assertThat(stretcher.accelerate(quiet)).hasSize(960 - 480);
    assertThat(stretcher.decelerate(quiet)).hasSize(960 + 480);
  }
}
