package io.peervoice.media.audio;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Checks a 16-bit PCM WAV file's 44-byte header against the file itself, without reading its data:
 * RIFF/WAVE/fmt/data tags, the fmt fields consistent with {@code channels} at 48 kHz, and the RIFF
 * and data sizes equal to what the file holds (a complete file, not one cut short).
 */
final class WavCheck {
  private WavCheck() {}

  /**
   * @return the frames in the file
   * @throws AssertionError naming what is wrong
   */
  static long complete(Path file, int channels) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      byte[] h = new byte[44];
      f.readFully(h);
      ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
      long size = f.length();
      expect(b.getInt(0) == WavHeader.RIFF, file + ": no RIFF tag");
      expect(
          (b.getInt(4) & 0xFFFF_FFFFL) == size - 8,
          file + ": RIFF size " + b.getInt(4) + " in a file of " + size);
      expect(
          b.getInt(8) == WavHeader.WAVE && b.getInt(12) == WavHeader.FMT, file + ": not WAVE/fmt");
      expect(b.getShort(20) == 1 && b.getShort(22) == channels, file + ": format/channels");
      expect(b.getInt(24) == 48_000 && b.getInt(28) == 48_000 * 2 * channels, file + ": rates");
      expect(b.getShort(32) == 2 * channels && b.getShort(34) == 16, file + ": block align/bits");
      expect(b.getInt(36) == WavHeader.DATA, file + ": no data tag");
      long data = b.getInt(40) & 0xFFFF_FFFFL;
      expect(data == size - 44, file + ": data size " + data + " in a file of " + size);
      expect(data % (2L * channels) == 0, file + ": a partial frame");
      return data / (2L * channels);
    }
  }

  /** The sample of {@code channel} in {@code frame}. */
  static short sample(Path file, int channels, long frame, int channel) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      f.seek(44 + (frame * channels + channel) * 2);
      int lo = f.read();
      int hi = f.read();
      return (short) (lo | hi << 8);
    }
  }

  private static void expect(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }
}
