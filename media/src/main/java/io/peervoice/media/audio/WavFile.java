package io.peervoice.media.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes RIFF/WAVE files of 16-bit linear PCM. Multi-channel input is mixed down to mono.
 */
public final class WavFile {
  private static final int MAX_BYTES = 256 * 1024 * 1024;

  private WavFile() {}

  public static PcmClip read(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, path.toString());
    }
  }

  /**
   * Reads a WAV file of any sample rate from {@link Resampler#MIN_RATE} to {@link
   * Resampler#MAX_RATE} Hz and converts it to the engine's 48 kHz ({@link
   * PcmClip#resampledTo48k()}).
   *
   * @throws WavFormatException if the data is not 16-bit PCM WAV or its rate is out of that range
   */
  public static PcmClip readAs48k(Path path) throws IOException {
    PcmClip clip = read(path);
    if (!Resampler.isSupported(clip.sampleRate())) {
      throw new WavFormatException(
          path
              + ": sample rate "
              + clip.sampleRate()
              + " Hz cannot be converted (supported: "
              + Resampler.MIN_RATE
              + ".."
              + Resampler.MAX_RATE
              + " Hz)");
    }
    return clip.resampledTo48k();
  }

  /**
   * Reads a WAV stream.
   *
   * @param name used in error messages
   * @throws WavFormatException if the data is not 16-bit PCM WAV
   */
  public static PcmClip read(InputStream in, String name) throws IOException {
    byte[] all = in.readNBytes(MAX_BYTES + 1);
    if (all.length > MAX_BYTES) {
      throw new WavFormatException(name + ": larger than " + MAX_BYTES + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    if (all.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
      throw new WavFormatException(name + ": not a RIFF/WAVE file");
    }
    int channels = 0;
    int sampleRate = 0;
    int pos = 12;
    while (pos + 8 <= all.length) {
      int id = b.getInt(pos);
      long size = b.getInt(pos + 4) & 0xFFFF_FFFFL;
      int body = pos + 8;
      if (size > all.length - body) {
        size = all.length - body;
      }
      if (id == 0x20746d66) {
        if (size < 16) {
          throw new WavFormatException(name + ": fmt chunk too short");
        }
        int format = b.getShort(body) & 0xFFFF;
        channels = b.getShort(body + 2) & 0xFFFF;
        sampleRate = b.getInt(body + 4);
        int bits = b.getShort(body + 14) & 0xFFFF;
        if ((format != 1 && format != 0xFFFE) || bits != 16 || channels < 1) {
          throw new WavFormatException(
              name + ": only 16-bit PCM is supported (format " + format + ", " + bits + " bits)");
        }
        if (sampleRate <= 0) {
          throw new WavFormatException(name + ": sample rate " + sampleRate + " Hz");
        }
      } else if (id == 0x61746164) {
        if (channels == 0) {
          throw new WavFormatException(name + ": data chunk before fmt chunk");
        }
        int frames = (int) (size / (2L * channels));
        short[] mono = new short[frames];
        for (int i = 0; i < frames; i++) {
          int sum = 0;
          for (int c = 0; c < channels; c++) {
            sum += b.getShort(body + 2 * (i * channels + c));
          }
          mono[i] = (short) (sum / channels);
        }
        return new PcmClip(sampleRate, mono);
      }
      pos = body + (int) size + (int) (size & 1);
    }
    throw new WavFormatException(name + ": no data chunk");
  }

  public static void write(Path path, PcmClip clip) throws IOException {
    try (OutputStream out = Files.newOutputStream(path)) {
      write(out, clip);
    }
  }

  public static void write(OutputStream out, PcmClip clip) throws IOException {
    int dataBytes = clip.samples().length * 2;
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x46464952).putInt(36 + dataBytes).putInt(0x45564157);
    b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1);
    b.putInt(clip.sampleRate())
        .putInt(clip.sampleRate() * 2)
        .putShort((short) 2)
        .putShort((short) 16);
    b.putInt(0x61746164).putInt(dataBytes);
    for (short s : clip.samples()) {
      b.putShort(s);
    }
    out.write(b.array());
  }

  static byte[] toBytes(PcmClip clip) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, clip);
    return out.toByteArray();
  }
}
