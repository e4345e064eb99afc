package io.peervoice.bench;

import io.peervoice.media.audio.EnvelopeSimilarity;
import io.peervoice.media.audio.PcmClip;
import java.util.Arrays;
import java.util.Random;

/**
 * Test sources that a mix can be taken apart by: a tone of its own frequency switched on and off in
 * random bursts (seeded), so each source's part of a mix is found by a narrow band-pass at its
 * frequency, then matched to the source by envelope correlation.
 */
final class ToneBursts {
  static final int RATE = 48_000;

  private ToneBursts() {}

  /** {@code seconds} of a {@code hz} tone in bursts of 40-240 ms, half of them silent. */
  static PcmClip make(long seed, double hz, int seconds) {
    Random r = new Random(seed);
    short[] s = new short[RATE * seconds];
    int i = 0;
    while (i < s.length) {
      int len = RATE / 1000 * (40 + r.nextInt(200));
      double amp = r.nextBoolean() ? 0 : (0.2 + 0.6 * r.nextDouble()) * 12_000;
      for (int k = 0; k < len && i < s.length; k++, i++) {
        s[i] = (short) (amp * Math.sin(2 * Math.PI * hz * i / RATE));
      }
    }
    return new PcmClip(RATE, s);
  }

  /** {@code clip} through an RBJ band-pass biquad at {@code hz}, Q 20. */
  static PcmClip band(PcmClip clip, double hz) {
    double w0 = 2 * Math.PI * hz / RATE;
    double alpha = Math.sin(w0) / (2 * 20);
    double a0 = 1 + alpha;
    double a1 = -2 * Math.cos(w0);
    double a2 = 1 - alpha;
    double x1 = 0;
    double x2 = 0;
    double y1 = 0;
    double y2 = 0;
    short[] in = clip.samples();
    short[] out = new short[in.length];
    for (int i = 0; i < in.length; i++) {
      double v = (alpha * in[i] - alpha * x2 - a1 * y1 - a2 * y2) / a0;
      x2 = x1;
      x1 = in[i];
      y2 = y1;
      y1 = v;
      out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }
    return new PcmClip(RATE, out);
  }

  static double rms(PcmClip clip) {
    double e = 0;
    for (short v : clip.samples()) {
      e += (double) v * v;
    }
    return clip.samples().length == 0 ? 0 : Math.sqrt(e / clip.samples().length);
  }

  /**
   * How well the {@code hz} band of {@code heard} follows {@code source}'s seconds {@code from} to
   * {@code to}, at any lag up to 12 s.
   */
  static EnvelopeSimilarity.Result match(
      PcmClip source, double fromS, double toS, PcmClip heard, double hz) {
    PcmClip part =
        new PcmClip(
            RATE, Arrays.copyOfRange(source.samples(), (int) (fromS * RATE), (int) (toS * RATE)));
    return EnvelopeSimilarity.compare(part, band(heard, hz), 12_000);
  }
}
