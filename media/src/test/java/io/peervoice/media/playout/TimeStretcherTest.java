package io.peervoice.media.playout;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.audio.SpeechSample;
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

  /** A voiced-like signal: harmonics of {@code hz} with falling amplitudes, plus seeded noise. */
  private static short[] voiced(double hz, double noise, long seed) {
    Random random = new Random(seed);
    short[] s = new short[960];
    for (int i = 0; i < s.length; i++) {
      double v = 0;
      for (int h = 1; h <= 6; h++) {
        v += 4000.0 / h * Math.sin(2 * Math.PI * hz * h * i / 48_000 + h);
      }
      s[i] = (short) Math.round(v + noise * random.nextGaussian());
    }
    return s;
  }

  @Test
  void coarseToFineLagSearchFindsTheExhaustiveLagOnVoicedSignals() {
    for (double hz = 101; hz < 400; hz += 7.3) {
      for (long seed = 0; seed < 3; seed++) {
        short[] frame = voiced(hz, 300, seed);
        int exhaustive = stretcher.exhaustiveLag(frame, 480);
        int fast = stretcher.lag(frame, 480);
        assertThat(exhaustive).as("%s Hz", hz).isPositive();
        assertThat(stretcher.correlationAt(frame, fast))
            .as("%s Hz: lag %d against exhaustive %d", hz, fast, exhaustive)
            .isGreaterThanOrEqualTo(stretcher.correlationAt(frame, exhaustive) - 0.005);
      }
    }
  }

  @Test
  void coarseToFineLagSearchMatchesTheExhaustiveSearchOnRealSpeech() {
    short[] speech = SpeechSample.load().samples();
    int frames = 0;
    int sameLag = 0;
    for (int off = 0; off + 960 <= speech.length; off += 960) {
      short[] frame = java.util.Arrays.copyOfRange(speech, off, off + 960);
      for (int longest : new int[] {480, 300, 150}) {
        int exhaustive = stretcher.exhaustiveLag(frame, longest);
        int fast = stretcher.lag(frame, longest);
        frames++;
        if (fast == exhaustive) {
          sameLag++;
        }
        if (exhaustive == 0) {
          assertThat(fast).as("frame at %d", off).isZero();
        } else if (fast == 0) {
          // the exhaustive search only just cleared the threshold
          assertThat(stretcher.correlationAt(frame, exhaustive)).isLessThan(0.8 + 0.03);
        } else {
          assertThat(fast).isBetween(120, longest);
          assertThat(stretcher.correlationAt(frame, fast))
              .as("frame at %d, longest %d: lag %d against %d", off, longest, fast, exhaustive)
              .isGreaterThanOrEqualTo(stretcher.correlationAt(frame, exhaustive) - 0.03);
        }
      }
    }
    assertThat(frames).isGreaterThan(100);
    assertThat(sameLag).isGreaterThanOrEqualTo(frames * 95 / 100);
  }
}
