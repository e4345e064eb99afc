package io.peervoice.media.processing.internal;

/**
 * A real-input FFT of one power-of-two size {@code n}, in single precision, through a complex FFT
 * of {@code n/2} points. Spectra are {@code n/2 + 1} bins as separate real and imaginary arrays
 * (bin 0 and bin {@code n/2} have no imaginary part). The forward transform is unscaled, the
 * inverse scaled by {@code 1/n}, so {@code inverse(forward(x)) == x}. Allocates nothing per call;
 * one instance is not thread-safe.
 */
final class RealFft {
  private final int n;
  private final int half;
  private final int[] bitReverse;
  private final float[] twiddleCos;
  private final float[] twiddleSin;
  private final float[] splitCos;
  private final float[] splitSin;
  private final float[] zr;
  private final float[] zi;

  RealFft(int n) {
    if (n < 4 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("FFT size must be a power of two >= 4: " + n);
    }
    this.n = n;
    this.half = n / 2;
    bitReverse = new int[half];
    int bits = Integer.numberOfTrailingZeros(half);
    for (int i = 0; i < half; i++) {
      bitReverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
    }
    // per stage of length len (4, 8, ... half), its len/2 twiddles e^(-2 pi i k / len), one after
    // the other from offset 1
    twiddleCos = new float[half];
    twiddleSin = new float[half];
    for (int len = 4, offset = 1; len <= half; offset += len >> 1, len <<= 1) {
      for (int k = 0; k < len >> 1; k++) {
        twiddleCos[offset + k] = (float) Math.cos(2 * Math.PI * k / len);
        twiddleSin[offset + k] = (float) -Math.sin(2 * Math.PI * k / len);
      }
    }
    splitCos = new float[half + 1];
    splitSin = new float[half + 1];
    for (int k = 0; k <= half; k++) {
      splitCos[k] = (float) Math.cos(2 * Math.PI * k / n);
      splitSin[k] = (float) -Math.sin(2 * Math.PI * k / n);
    }
    zr = new float[half];
    zi = new float[half];
  }

  int size() {
    return n;
  }

  int bins() {
    return half + 1;
  }

  /** {@code x[0..n)} to its spectrum {@code re, im[0..n/2]}. */
  void forward(float[] x, float[] re, float[] im) {
    for (int k = 0; k < half; k++) {
      int j = bitReverse[k];
      zr[j] = x[2 * k];
      zi[j] = x[2 * k + 1];
    }
    butterflies(false);
    re[0] = zr[0] + zi[0];
    im[0] = 0;
    re[half] = zr[0] - zi[0];
    im[half] = 0;
    for (int k = 1; k < half; k++) {
      float ar = zr[k];
      float ai = zi[k];
      float br = zr[half - k];
      float bi = -zi[half - k];
      // even part (a + b) / 2, odd part (a - b) / 2i, X = even + w^k odd
      float er = 0.5f * (ar + br);
      float ei = 0.5f * (ai + bi);
      float or = 0.5f * (ai - bi);
      float oi = -0.5f * (ar - br);
      float wr = splitCos[k];
      float wi = splitSin[k];
      re[k] = er + wr * or - wi * oi;
      im[k] = ei + wr * oi + wi * or;
    }
  }

  /** A spectrum {@code re, im[0..n/2]} back to {@code x[0..n)} (scaled by 1/n). */
  void inverse(float[] re, float[] im, float[] x) {
    for (int k = 0; k < half; k++) {
      float ar = re[k];
      float ai = im[k];
      float br = re[half - k];
      float bi = -im[half - k];
      float er = ar + br;
      float ei = ai + bi;
      // odd = (a - b) / w^k = (a - b) * conj(w^k)
      float dr = ar - br;
      float di = ai - bi;
      float wr = splitCos[k];
      float wi = -splitSin[k];
      float or = dr * wr - di * wi;
      float oi = dr * wi + di * wr;
      // z = even + i * odd
      int j = bitReverse[k];
      zr[j] = er - oi;
      zi[j] = ei + or;
    }
    butterflies(true);
    float scale = 1f / n;
    for (int k = 0; k < half; k++) {
      x[2 * k] = zr[k] * scale;
      x[2 * k + 1] = zi[k] * scale;
    }
  }

  private void butterflies(boolean inverse) {
    float sign = inverse ? -1 : 1;
    if (half < 4) {
      for (int i = 0; i < half; i += 2) {
        float ar = zr[i];
        float ai = zi[i];
        zr[i] = ar + zr[i + 1];
        zi[i] = ai + zi[i + 1];
        zr[i + 1] = ar - zr[i + 1];
        zi[i + 1] = ai - zi[i + 1];
      }
      return;
    }
    // lengths 2 and 4 in one pass: their twiddles are 1 and -i (i inverse), no multiplications
    float[] r = zr;
    float[] m = zi;
    for (int i = 0; i < half; i += 4) {
      float a0r = r[i] + r[i + 1];
      float a0i = m[i] + m[i + 1];
      float a1r = r[i] - r[i + 1];
      float a1i = m[i] - m[i + 1];
      float a2r = r[i + 2] + r[i + 3];
      float a2i = m[i + 2] + m[i + 3];
      float a3r = r[i + 2] - r[i + 3];
      float a3i = m[i + 2] - m[i + 3];
      // a3 * (-i sign): (a3i sign, -a3r sign)
      float xr = sign * a3i;
      float xi = -sign * a3r;
      r[i] = a0r + a2r;
      m[i] = a0i + a2i;
      r[i + 2] = a0r - a2r;
      m[i + 2] = a0i - a2i;
      r[i + 1] = a1r + xr;
      m[i + 1] = a1i + xi;
      r[i + 3] = a1r - xr;
      m[i + 3] = a1i - xi;
    }
    if (half >= 8) {
      eights(sign);
    }
    for (int len = 16, offset = 7; len <= half; offset += len >> 1, len <<= 1) {
      int h = len >> 1;
      for (int i = 0; i < half; i += len) {
        stage(i, h, offset, sign);
      }
    }
  }

  /**
   * The length-8 stage: the same butterflies as {@link #stage} with its twiddles (offset 3), the
   * four of each group unrolled (a loop of four is too short for the vector unit).
   */
  private void eights(float sign) {
    float[] r = zr;
    float[] m = zi;
    float w1r = twiddleCos[4];
    float w1i = sign * twiddleSin[4];
    float w2r = twiddleCos[5];
    float w2i = sign * twiddleSin[5];
    float w3r = twiddleCos[6];
    float w3i = sign * twiddleSin[6];
    float w0r = twiddleCos[3];
    float w0i = sign * twiddleSin[3];
    for (int i = 0; i < half; i += 8) {
      butterfly(r, m, i, i + 4, w0r, w0i);
      butterfly(r, m, i + 1, i + 5, w1r, w1i);
      butterfly(r, m, i + 2, i + 6, w2r, w2i);
      butterfly(r, m, i + 3, i + 7, w3r, w3i);
    }
  }

  private static void butterfly(float[] r, float[] m, int a, int b, float wr, float wi) {
    float xr = r[b] * wr - m[b] * wi;
    float xi = r[b] * wi + m[b] * wr;
    r[b] = r[a] - xr;
    m[b] = m[a] - xi;
    r[a] += xr;
    m[a] += xi;
  }

  /** One group of butterflies; the inner loop is contiguous in every array (vectorised). */
  private void stage(int i, int h, int offset, float sign) {
    float[] r = zr;
    float[] m = zi;
    for (int k = 0; k < h; k++) {
      float wr = twiddleCos[offset + k];
      float wi = sign * twiddleSin[offset + k];
      int a = i + k;
      int b = a + h;
      float xr = r[b] * wr - m[b] * wi;
      float xi = r[b] * wi + m[b] * wr;
      r[b] = r[a] - xr;
      m[b] = m[a] - xi;
      r[a] += xr;
      m[a] += xi;
    }
  }
}
