package io.peervoice.media.processing.internal;

/**
 * Bin-by-bin loops over the {@code BINS} bins of a {@link PartitionedEchoFilter} partition: plain
 * contiguous loops the JIT vectorises. Stateless.
 */
final class BinMath {
  private BinMath() {}

  /** {@code y += a * b}, complex, bin by bin. */
  static void multiplyAdd(float[] ar, float[] ai, float[] br, float[] bi, float[] yr, float[] yi) {
    for (int k = 0; k < yr.length; k++) {
      yr[k] += ar[k] * br[k] - ai[k] * bi[k];
      yi[k] += ar[k] * bi[k] + ai[k] * br[k];
    }
  }

  /** {@code w += g * conj(x) * e}, complex, bin by bin. */
  static void conjugateMultiplyAdd(
      float g, float[] xr, float[] xi, float[] er, float[] ei, float[] wr, float[] wi) {
    for (int k = 0; k < wr.length; k++) {
      wr[k] += g * (xr[k] * er[k] + xi[k] * ei[k]);
      wi[k] += g * (xr[k] * ei[k] - xi[k] * er[k]);
    }
  }

  /** {@code sum += g * x}, bin by bin. */
  static void weightedAdd(float g, float[] x, float[] sum) {
    for (int k = 0; k < sum.length; k++) {
      sum[k] += g * x[k];
    }
  }

  /** {@code Σ re² + im²}. */
  static float energy(float[] re, float[] im) {
    float e = 0;
    for (int k = 0; k < re.length; k++) {
      e += re[k] * re[k] + im[k] * im[k];
    }
    return e;
  }
}
