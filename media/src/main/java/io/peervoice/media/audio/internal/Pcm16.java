package io.peervoice.media.audio.internal;

/** Conversions between 16-bit samples and signed little-endian bytes, one or two channels. */
final class Pcm16 {
  private Pcm16() {}

  /**
   * Decodes {@code samples} frames from {@code bytes}, mixing two channels down to their mean
   * (rounded towards zero, as {@code WavFile} does).
   */
  static void decode(byte[] bytes, int channels, short[] out, int samples) {
    for (int i = 0; i < samples; i++) {
      int at = i * 2 * channels;
      int v = sample(bytes, at);
      if (channels == 2) {
        v = (v + sample(bytes, at + 2)) / 2;
      }
      out[i] = (short) v;
    }
  }

  /** Encodes {@code in}, writing each sample to every channel. */
  static void encode(short[] in, int channels, byte[] bytes) {
    for (int i = 0; i < in.length; i++) {
      for (int c = 0; c < channels; c++) {
        int at = (i * channels + c) * 2;
        bytes[at] = (byte) in[i];
        bytes[at + 1] = (byte) (in[i] >> 8);
      }
    }
  }

  private static int sample(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] << 8);
  }
}
