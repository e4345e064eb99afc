package io.peervoice.media.processing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PartitionedEchoFilterTest {
  private static final int N = PartitionedEchoFilter.N;

  /** Far end: white noise; echo: 100 ms of delay then a decaying 60 ms tail, at 16 kHz. */
  private static float[][] scene(int blocks, long seed) {
    return scene(blocks, seed, Integer.MAX_VALUE, 1_600);
  }

  /** As {@link #scene(int, long)}, the delay moving to {@code laterDelay} samples at a sample. */
  private static float[][] scene(int blocks, long seed, int jumpAt, int laterDelay) {
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
        int j = i - (i < jumpAt ? 1_600 : laterDelay) - t;
        if (j >= 0) {
          v += far[j] * taps[t];
        }
      }
      echo[i] = (float) v;
    }
    return new float[][] {far, echo};
  }

  /** Runs the filter over the scene; returns its error (the echo removed). */
  private static float[] run(PartitionedEchoFilter filter, float[] far, float[] mic) {
    float[] out = new float[mic.length];
    float[] f = new float[N];
    float[] m = new float[N];
    float[] e = new float[N];
    for (int b = 0; b < mic.length / N; b++) {
      System.arraycopy(far, b * N, f, 0, N);
      System.arraycopy(mic, b * N, m, 0, N);
      filter.process(f, m, e);
      System.arraycopy(e, 0, out, b * N, N);
    }
    return out;
  }

  /**
   * Once converged, the filter works only on the partitions that hold the path (100 ms of delay:
   * partition 12, a 60 ms tail), and with the step normalised over those alone it converges much
   * faster: 74-77 dB per half second in its sixth second (S6, all 64 partitions adapting: 32-34).
   */
  @Test
  void theActivePartitionsCoverThePathAndSpeedConvergence() {
    float[][] s = scene(6 * 125, 3);
    PartitionedEchoFilter filter = new PartitionedEchoFilter(64);
    float[] out = run(filter, s[0], s[1]);
    assertThat(erleDb(s[1], out, 5 * 125 * N, 6 * 125 * N)).isGreaterThan(50);
    int[] window = filter.activeWindow();
    assertThat(window[0]).as("from").isEqualTo(10);
    assertThat(window[1]).as("to").isBetween(21, 28);
  }

  /**
   * The echo path jumps out of the active partitions (100 ms to 350 ms of delay: partition 43): the
   * filter loses its convergence, opens all partitions, finds the new path and fits to it.
   */
  @Test
  void aPathThatJumpsOutOfTheActivePartitionsIsFoundAgain() {
    float[][] s = scene(8 * 125, 3, 3 * 125 * N, 5_600);
    PartitionedEchoFilter filter = new PartitionedEchoFilter(64);
    float[] out = run(filter, s[0], s[1]);
    assertThat(filter.unlatches()).isEqualTo(1);
    // 56-65 dB per half second in the last second (S6, no window: 25-27 dB)
    assertThat(erleDb(s[1], out, 7 * 125 * N, 8 * 125 * N)).isGreaterThan(40);
    int[] window = filter.activeWindow();
    assertThat(window[0]).as("from").isBetween(40, 43);
    assertThat(window[1]).as("to").isBetween(50, 60);
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
