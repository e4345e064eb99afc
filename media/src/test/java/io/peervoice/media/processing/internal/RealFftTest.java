package io.peervoice.media.processing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RealFftTest {

  @ParameterizedTest
  @ValueSource(ints = {4, 8, 16, 256, 512})
  void matchesTheDefinitionAndInvertsExactly(int n) {
    Random random = new Random(n);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) random.nextGaussian();
    }
    RealFft fft = new RealFft(n);
    float[] re = new float[n / 2 + 1];
    float[] im = new float[n / 2 + 1];
    fft.forward(x, re, im);
    for (int k = 0; k <= n / 2; k++) {
      double dr = 0;
      double di = 0;
      for (int i = 0; i < n; i++) {
        dr += x[i] * Math.cos(2 * Math.PI * k * i / n);
        di -= x[i] * Math.sin(2 * Math.PI * k * i / n);
      }
      assertThat((double) re[k]).as("re[%d]", k).isCloseTo(dr, within(1e-3 * Math.sqrt(n)));
      assertThat((double) im[k]).as("im[%d]", k).isCloseTo(di, within(1e-3 * Math.sqrt(n)));
    }
    float[] back = new float[n];
    fft.inverse(re, im, back);
    for (int i = 0; i < n; i++) {
      assertThat(back[i]).isCloseTo(x[i], within(1e-5f));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 3, 100})
  void refusesSizesThatAreNotPowersOfTwoFromFour(int n) {
    assertThatThrownBy(() -> new RealFft(n)).isInstanceOf(IllegalArgumentException.class);
  }
}
