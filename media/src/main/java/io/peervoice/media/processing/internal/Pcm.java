package io.peervoice.media.processing.internal;

/** 16-bit PCM between {@code short[]} and little-endian bytes. */
final class Pcm {
  private Pcm() {}

  static void toBytes(short[] samples, byte[] bytes) {
    for (int i = 0, j = 0; i < samples.length; i++, j += 2) {
      short s = samples[i];
      bytes[j] = (byte) s;
      bytes[j + 1] = (byte) (s >> 8);
    }
  }

  static void toShorts(byte[] bytes, short[] samples) {
    for (int i = 0, j = 0; i < samples.length; i++, j += 2) {
      samples[i] = (short) ((bytes[j] & 0xff) | (bytes[j + 1] << 8));
    }
  }
}
