package io.peervoice.media.processing.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
}
