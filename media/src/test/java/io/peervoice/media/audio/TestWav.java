package io.peervoice.media.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Builds WAV files byte by byte for the streaming tests, including odd and broken ones. */
final class TestWav {
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  static TestWav riff() {
    return new TestWav();
  }

  /** A plain PCM fmt chunk. */
  TestWav fmt(int format, int channels, int rate, int bits) {
    ByteBuffer b = le(16);
    b.putShort((short) format).putShort((short) channels).putInt(rate);
    b.putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8));
    b.putShort((short) bits);
    return chunk(WavHeader.FMT, b.array());
  }

  /** A WAVE_FORMAT_EXTENSIBLE fmt chunk (40 bytes) with the given sub-format code. */
  TestWav extensible(int channels, int rate, int subFormat) {
    ByteBuffer b = le(40);
    b.putShort((short) 0xFFFE).putShort((short) channels).putInt(rate);
    b.putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
    b.putShort((short) 22).putShort((short) 16).putInt(channels == 2 ? 3 : 4);
    b.putShort((short) subFormat).putShort((short) 0).putInt(0x00100000);
    b.putInt(0xAA000080).putInt(0x719B3800);
    return chunk(WavHeader.FMT, b.array());
  }

  TestWav chunk(int id, byte[] data) {
    return chunk(id, data.length, data);
  }

  /** A chunk that claims {@code declared} bytes but holds {@code data}. */
  TestWav chunk(int id, long declared, byte[] data) {
    ByteBuffer h = le(8);
    h.putInt(id).putInt((int) declared);
    body.writeBytes(h.array());
    body.writeBytes(data);
    if (data.length % 2 == 1) {
      body.write(0);
    }
    return this;
  }

  TestWav data(short[] interleaved) {
    return chunk(WavHeader.DATA, bytes(interleaved));
  }

  byte[] bytes() {
    ByteBuffer h = le(12);
    h.putInt(WavHeader.RIFF).putInt(4 + body.size()).putInt(WavHeader.WAVE);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(h.array());
    all.writeBytes(body.toByteArray());
    return all.toByteArray();
  }

  Path write(Path file) throws IOException {
    return Files.write(file, bytes());
  }

  static byte[] bytes(short[] samples) {
    ByteBuffer b = le(2 * samples.length);
    for (short s : samples) {
      b.putShort(s);
    }
    return b.array();
  }

  /** Speech-like test audio: a tone under a slowly varying envelope, plus a little noise. */
  static short[] audio(int rate, double seconds, long seed) {
    Random random = new Random(seed);
    short[] out = new short[(int) (rate * seconds)];
    for (int i = 0; i < out.length; i++) {
      double t = i / (double) rate;
      double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
      double v = envelope * 12000 * Math.sin(2 * Math.PI * 440 * t) + random.nextGaussian() * 300;
      out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }
    return out;
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
