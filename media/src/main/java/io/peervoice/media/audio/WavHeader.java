package io.peervoice.media.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Where the 16-bit PCM samples of a RIFF/WAVE file are, found by walking its chunks without reading
 * the data: the same files {@link WavFile#read} accepts (format 1 or WAVE_FORMAT_EXTENSIBLE with
 * the PCM sub-format, 16 bits, any number of channels). A data chunk that claims more bytes than
 * the file has (a recording cut short) is read as far as the file goes.
 *
 * @param sampleRate frames per second
 * @param channels samples per frame
 * @param dataOffset file position of the first sample
 * @param frames whole frames in the data chunk (as far as the file goes)
 */
record WavHeader(int sampleRate, int channels, long dataOffset, long frames) {
  static final int RIFF = 0x46464952;
  static final int WAVE = 0x45564157;
  static final int FMT = 0x20746d66;
  static final int DATA = 0x61746164;
  private static final int PCM = 1;
  private static final int EXTENSIBLE = 0xFFFE;

  /** Bytes per frame. */
  int frameBytes() {
    return 2 * channels;
  }

  /**
   * Reads the header of {@code file}.
   *
   * @param name the file's name in error messages
   * @throws WavFormatException naming the file and what is wrong with it
   */
  static WavHeader read(FileChannel file, String name) throws IOException {
    long size = file.size();
    ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    if (readFully(file, b.limit(12), 0) < 12 || b.getInt(0) != RIFF || b.getInt(8) != WAVE) {
      throw new WavFormatException(name + ": not a RIFF/WAVE file");
    }
    int channels = 0;
    int sampleRate = 0;
    long pos = 12;
    while (pos + 8 <= size) {
      b.clear();
      readFully(file, b.limit(8), pos);
      int id = b.getInt(0);
      long chunk = b.getInt(4) & 0xFFFF_FFFFL;
      long body = pos + 8;
      chunk = Math.min(chunk, size - body);
      if (id == FMT) {
        if (chunk < 16) {
          throw new WavFormatException(name + ": fmt chunk too short");
        }
        b.clear();
        int got = readFully(file, b.limit((int) Math.min(chunk, 40)), body);
        int format = b.getShort(0) & 0xFFFF;
        channels = b.getShort(2) & 0xFFFF;
        sampleRate = b.getInt(4);
        int bits = b.getShort(14) & 0xFFFF;
        if (format == EXTENSIBLE && got >= 26) {
          int subFormat = b.getShort(24) & 0xFFFF;
          if (subFormat != PCM) {
            throw new WavFormatException(
                name + ": only 16-bit PCM is supported (extensible sub-format " + subFormat + ")");
          }
        }
        if ((format != PCM && format != EXTENSIBLE) || bits != 16 || channels < 1) {
          throw new WavFormatException(
              name + ": only 16-bit PCM is supported (format " + format + ", " + bits + " bits)");
        }
        if (!Resampler.isSupported(sampleRate)) {
          throw new WavFormatException(
              name
                  + ": sample rate "
                  + Integer.toUnsignedString(sampleRate)
                  + " Hz cannot be converted (supported: "
                  + Resampler.MIN_RATE
                  + ".."
                  + Resampler.MAX_RATE
                  + " Hz)");
        }
      } else if (id == DATA) {
        if (channels == 0) {
          throw new WavFormatException(name + ": data chunk before fmt chunk");
        }
        return new WavHeader(sampleRate, channels, body, chunk / (2L * channels));
      }
      pos = body + chunk + (chunk & 1);
    }
    throw new WavFormatException(name + ": no data chunk");
  }

  private static int readFully(FileChannel file, ByteBuffer b, long position) throws IOException {
    int total = 0;
    while (b.hasRemaining()) {
      int n = file.read(b, position + total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }
}
