package io.peervoice.media.processing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PartitionedEchoFilterTest {
  private static final int N = PartitionedEchoFilter.N;

  /** Far end: white noise; echo: 100 ms of delay then a decaying 60 ms tail, at 16 kHz. */
  private static float[][] scene(int blocks, long seed) {
    Random random = new Random(seed);
    int length = blocks * N;
    float[] far = new float[length];
    for (int i = 0; i < length; i++) {
      far[i] = (float) (random.nextGaussian() * 3_000);
    }
    float[] taps = new float[960];
    for (int t = 0; t < taps.length; t++) {
      taps[t] = (float) (0.4 * Math.exp(-t / 150.0) * random.nextGaussian());
    }
    float[] echo = new float[length];
    for (int i = 0; i < length; i++) {
      double v = 0;
      for (int t = 0; t < taps.length; t++) {
        int j = i - 1_600 - t;
        if (j >= 0) {
          v += far[j] * taps[t];
        }
      }
      echo[i] = (float) v;
    }
    return new float[][] {far, echo};
  }

  private static double erleDb(float[] in, float[] out, int from, int to) {
    double a = 0;
    double b = 0;
    for (int i = from; i < to; i++) {
      a += in[i] * in[i];
      b += out[i] * out[i];
    }
    return 10 * Math.log10(a / b);
  }

  /**
   * Converges on a long echo path, and a near end talking as loud as the echo (double talk) does
   * not spoil the filter: right after it, the echo alone is still cancelled by 25 dB and more.
   */
  @Test
  void convergesAndKeepsItsFilterThroughDoubleTalk() {
    int blocks = 6 * 125;
    float[][] s = scene(blocks, 3);
    float[] far = s[0];
    float[] echo = s[1];
    Random near = new Random(9);
    int talkFrom = 4 * 125 * N;
    int talkTo = talkFrom + 125 * N;
    float[] mic = new float[far.length];
    for (int i = 0; i < mic.length; i++) {
      mic[i] = echo[i];
      if (i >= talkFrom && i < talkTo) {
        mic[i] += (float) (near.nextGaussian() * 1_000 * Math.abs(Math.sin(i / 800.0)));
      }
    }
    PartitionedEchoFilter filter = new PartitionedEchoFilter(32);
    float[] out = new float[mic.length];
    float[] f = new float[N];
    float[] m = new float[N];
    float[] e = new float[N];
    for (int b = 0; b < blocks; b++) {
      System.arraycopy(far, b * N, f, 0, N);
      System.arraycopy(mic, b * N, m, 0, N);
      filter.process(f, m, e);
      System.arraycopy(e, 0, out, b * N, N);
    }
    assertThat(erleDb(mic, out, 3 * 125 * N, talkFrom)).as("before double talk").isGreaterThan(30);
    assertThat(erleDb(mic, out, talkTo, talkTo + 60 * N)).as("after double talk").isGreaterThan(25);
    assertThat(filter.peakPartition()).as("100 ms: partition 12").isEqualTo(12);
  }
}
