package io.peervoice.media.codec;

/**
 * Child process of {@link OpusLibraryFileTest}: loads the libopus its settings name, encodes one
 * second of a 440 Hz tone with vibrato at complexity 10, decodes it and prints the version, where
 * the library came from and how well the decoded audio matches the input.
 */
final class OpusLibraryFileProbe {
  private OpusLibraryFileProbe() {}

  public static void main(String[] args) {
    int frame = 960;
    short[] in = new short[frame * 50];
    for (int i = 0; i < in.length; i++) {
      double t = i / 48_000.0;
      in[i] =
          (short) (8000 * Math.sin(2 * Math.PI * (440 + 20 * Math.sin(2 * Math.PI * 5 * t)) * t));
    }
    short[] out = new short[in.length];
    try (AudioEncoder enc = OpusCodec.encoder(OpusSettings.voiceDefaults().withComplexity(10));
        AudioDecoder dec = OpusCodec.decoder()) {
      for (int f = 0; f < 50; f++) {
        short[] pcm = java.util.Arrays.copyOfRange(in, f * frame, (f + 1) * frame);
        System.arraycopy(dec.decode(enc.encode(pcm)), 0, out, f * frame, frame);
      }
    }
    System.out.println("version=" + OpusCodec.libraryVersion());
    System.out.println("origin=" + OpusCodec.libraryOrigin());
    System.out.printf(java.util.Locale.ROOT, "correlation=%.3f%n", bestCorrelation(in, out));
  }

  /** The normalised cross-correlation at the best lag up to 10 ms (the codec's delay). */
  private static double bestCorrelation(short[] a, short[] b) {
    double best = 0;
    for (int lag = 0; lag < 480; lag++) {
      double ab = 0;
      double aa = 0;
      double bb = 0;
      for (int i = 9600; i + lag < b.length; i++) {
        ab += (double) a[i] * b[i + lag];
        aa += (double) a[i] * a[i];
        bb += (double) b[i + lag] * b[i + lag];
      }
      best = Math.max(best, ab / Math.sqrt(aa * bb + 1e-9));
    }
    return best;
  }
}
