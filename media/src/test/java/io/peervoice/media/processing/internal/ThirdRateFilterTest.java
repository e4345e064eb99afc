package io.peervoice.media.processing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThirdRateFilterTest {
  private static final int BLOCKS = 50;

  /**
   * A tone at {@code hz} through down (and up, if asked), RMS of the last half over the input's.
   */
  private static double gainDb(double hz, boolean upToo) {
    ThirdRateFilter.Down down = new ThirdRateFilter.Down(160);
    ThirdRateFilter.Up up = new ThirdRateFilter.Up(160);
    short[] in = new short[480];
    float[] low = new float[160];
    float[] wide = new float[480];
    double inEnergy = 0;
    double outEnergy = 0;
    for (int b = 0; b < BLOCKS; b++) {
      for (int i = 0; i < 480; i++) {
        in[i] = (short) Math.round(10_000 * Math.sin(2 * Math.PI * hz * (b * 480 + i) / 48_000));
      }
      down.process(in, low);
      if (upToo) {
        up.process(low, wide);
      }
      if (b >= BLOCKS / 2) {
        for (int i = 0; i < 480; i++) {
          inEnergy += (double) in[i] * in[i] / 480;
        }
        float[] out = upToo ? wide : low;
        for (float v : out) {
          outEnergy += (double) v * v / out.length;
        }
      }
    }
    return 10 * Math.log10(outEnergy / inEnergy);
  }

  @Test
  void keepsTheVoiceBand() {
    for (double hz : new double[] {100, 1_000, 3_000, 5_000}) {
      assertThat(gainDb(hz, false)).as("down, %s Hz", hz).isBetween(-0.2, 0.2);
      assertThat(gainDb(hz, true)).as("down and up, %s Hz", hz).isBetween(-0.4, 0.4);
    }
  }

  @Test
  void removesWhatWouldAliasAt16Kilohertz() {
    for (double hz : new double[] {10_000, 12_000, 20_000}) {
      assertThat(gainDb(hz, false)).as("%s Hz", hz).isLessThan(-40);
    }
  }

  /**
   * The folded polyphase forms (each symmetric pair of taps summed before its one multiply) give
   * what the plain 49-tap convolution gives: down keeps every third sample of {@code h * x}, up
   * convolves the zero-stuffed input with {@code 3h}. Across block edges, so the state is checked.
   */
  @Test
  void foldedFormsMatchTheDirectConvolution() {
    float[] h = ThirdRateFilter.taps();
    for (int j = 0; j < h.length; j++) {
      assertThat(h[j]).as("tap %d is its mirror's", j).isEqualTo(h[h.length - 1 - j]);
    }
    java.util.Random random = new java.util.Random(7);
    int blocks = 4;
    short[] x = new short[blocks * 480];
    for (int i = 0; i < x.length; i++) {
      x[i] = (short) (random.nextGaussian() * 8_000);
    }
    ThirdRateFilter.Down down = new ThirdRateFilter.Down(160);
    ThirdRateFilter.Up up = new ThirdRateFilter.Up(160);
    float[] low = new float[blocks * 160];
    float[] wide = new float[blocks * 480];
    float[] y = new float[160];
    float[] z = new float[480];
    for (int b = 0; b < blocks; b++) {
      down.process(java.util.Arrays.copyOfRange(x, b * 480, b * 480 + 480), y);
      System.arraycopy(y, 0, low, b * 160, 160);
      up.process(y, z);
      System.arraycopy(z, 0, wide, b * 480, 480);
    }
    for (int m = 0; m < low.length; m++) {
      double expected = 0;
      for (int j = 0; j < h.length && 3 * m - j >= 0; j++) {
        expected += h[j] * x[3 * m - j];
      }
      assertThat((double) low[m]).as("down %d", m).isCloseTo(expected, within(0.05));
    }
    for (int n = 0; n < wide.length; n++) {
      double expected = 0;
      for (int j = 0; j < h.length && n - j >= 0; j++) {
        if ((n - j) % 3 == 0) {
          expected += 3 * h[j] * low[(n - j) / 3];
        }
      }
      assertThat((double) wide[n]).as("up %d", n).isCloseTo(expected, within(0.05));
    }
  }
}
