package io.peervoice.media.echo;

/** An in-place iterative radix-2 complex FFT of one size, in double precision. */
final class Fft {
  private final int size;
  private final double[] cos;
  private final double[] sin;

  /** An FFT of {@code size} points, a power of two (at least 2). */
  Fft(int size) {
    if (size < 2 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("FFT size must be a power of two >= 2: " + size);
    }
    this.size = size;
    this.cos = new double[size / 2];
    this.sin = new double[size / 2];
    for (int i = 0; i < size / 2; i++) {
      cos[i] = Math.cos(-2 * Math.PI * i / size);
      sin[i] = Math.sin(-2 * Math.PI * i / size);
    }
  }

  /** Transforms {@code re + i·im} in place; the inverse is scaled by 1/size. */
  void transform(double[] re, double[] im, boolean inverse) {
    for (int i = 1, j = 0; i < size; i++) {
      int bit = size >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (int len = 2; len <= size; len <<= 1) {
      int step = size / len;
      int half = len / 2;
      for (int i = 0; i < size; i += len) {
        for (int k = 0; k < half; k++) {
          double wr = cos[k * step];
          double wi = inverse ? -sin[k * step] : sin[k * step];
          int a = i + k;
          int b = a + half;
          double xr = re[b] * wr - im[b] * wi;
          double xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
    if (inverse) {
      for (int i = 0; i < size; i++) {
        re[i] /= size;
        im[i] /= size;
      }
    }
  }
}
