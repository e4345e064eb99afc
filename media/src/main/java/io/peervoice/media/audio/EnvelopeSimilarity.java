package io.peervoice.media.audio;

/**
 * Compares two recordings of the same speech by their short-time energy envelopes: finds the lag
 * that best aligns them, then reports the Pearson correlation of the aligned envelopes. Robust to
 * codec artefacts and a constant delay; low for silence, noise or missing audio.
 */
public final class EnvelopeSimilarity {

  /**
   * Result of a comparison.
   *
   * @param correlation Pearson correlation of the aligned envelopes, -1..1 (0 when either is flat)
   * @param lagMillis how much later {@code received} is than {@code reference}
   */
  public record Result(double correlation, int lagMillis) {}

  private static final int WINDOW_MS = EnvelopeMeter.WINDOW_MS;

  private EnvelopeSimilarity() {}

  /**
   * Compares {@code received} against {@code reference}, searching lags from 0 to {@code
   * maxLagMillis}; the overlap is limited to the reference's length.
   */
  public static Result compare(PcmClip reference, PcmClip received, int maxLagMillis) {
    if (reference.sampleRate() != received.sampleRate()) {
      throw new IllegalArgumentException("sample rates differ");
    }
    return compare(meter(reference), meter(received), maxLagMillis);
  }

  /**
   * Compares what {@code received} measured against what {@code reference} measured, as {@link
   * #compare(PcmClip, PcmClip, int)} compares the clips they were fed: the same result for the same
   * audio, without keeping the audio.
   */
  public static Result compare(EnvelopeMeter reference, EnvelopeMeter received, int maxLagMillis) {
    if (reference.sampleRate() != received.sampleRate()) {
      throw new IllegalArgumentException("sample rates differ");
    }
    double[] ref = reference.envelope();
    double[] rec = received.envelope();
    int maxLag = maxLagMillis / WINDOW_MS;
    double best = 0;
    int bestLag = 0;
    for (int lag = 0; lag <= maxLag && lag < rec.length; lag++) {
      int n = Math.min(ref.length, rec.length - lag);
      if (n < Math.min(ref.length, rec.length) / 2 || n < 10) {
        break;
      }
      double c = pearson(ref, 0, rec, lag, n);
      if (c > best) {
        best = c;
        bestLag = lag;
      }
    }
    return new Result(best, bestLag * WINDOW_MS);
  }

  private static EnvelopeMeter meter(PcmClip clip) {
    EnvelopeMeter meter = new EnvelopeMeter(clip.sampleRate());
    meter.accept(clip.samples(), 0, clip.samples().length);
    return meter;
  }

  private static double pearson(double[] a, int aOff, double[] b, int bOff, int n) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[aOff + i];
      mb += b[bOff + i];
    }
    ma /= n;
    mb /= n;
    double cov = 0;
    double va = 0;
    double vb = 0;
    for (int i = 0; i < n; i++) {
      double da = a[aOff + i] - ma;
      double db = b[bOff + i] - mb;
      cov += da * db;
      va += da * da;
      vb += db * db;
    }
    return va == 0 || vb == 0 ? 0 : cov / Math.sqrt(va * vb);
  }
}
