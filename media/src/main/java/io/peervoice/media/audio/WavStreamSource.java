package io.peervoice.media.audio;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;

/**
 * Plays a WAV file once from disk, converted to the engine's 48 kHz mono as it goes, then reports
 * its end and gives silence: the streaming counterpart of {@code
 * WavFile.readAs48k(path).asSource()}, with the same samples (multi-channel mixed down, other rates
 * through the band-limited {@link Resampler}) but memory independent of the file's length: a 4 KB
 * read buffer and the resampler's window.
 *
 * <p>{@link #open} reads and checks the header, so a file that cannot play fails there, with a
 * message naming the file and the reason. {@link #read} then reads the file in small chunks on the
 * caller's (the media) thread: a few kilobytes from the page cache per 20 ms frame. The file is
 * closed at its end or by {@link #close}. Thread-safe: {@code read} and {@code close} may come from
 * different threads.
 */
public final class WavStreamSource implements AudioSource, Closeable {
  private static final int READ_BYTES = 4_096;

  private final Path path;
  private final WavHeader header;
  private final FileChannel file;
  private final ByteBuffer buffer;
  private final StreamingResampler resampler;
  private long framesRead;
  private long produced;
  private EnvelopeMeter meter;
  private boolean closed;

  private WavStreamSource(Path path, WavHeader header, FileChannel file) {
    this.path = path;
    this.header = header;
    this.file = file;
    int frameBytes = header.frameBytes();
    buffer =
        ByteBuffer.allocate(Math.max(frameBytes, READ_BYTES / frameBytes * frameBytes))
            .order(ByteOrder.LITTLE_ENDIAN);
    resampler =
        header.sampleRate() == PcmFormat.SAMPLE_RATE
            ? null
            : new StreamingResampler(
                Resampler.to48k(header.sampleRate()), header.frames(), this::readMono);
  }

  /**
   * Opens {@code path} and checks that it can play.
   *
   * @throws WavFormatException if it is not a WAV file PeerVoice plays (16-bit PCM, {@value
   *     Resampler#MIN_RATE}..{@value Resampler#MAX_RATE} Hz), naming the file and the reason
   * @throws IOException if it cannot be read; the message names the file and the reason
   */
  public static WavStreamSource open(Path path) throws IOException {
    FileChannel file;
    try {
      file = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new IOException(path + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new IOException(path + ": permission denied", e);
    } catch (IOException e) {
      throw new IOException(path + ": cannot open: " + e.getMessage(), e);
    }
    try {
      return new WavStreamSource(path, WavHeader.read(file, path.toString()), file);
    } catch (IOException | RuntimeException e) {
      file.close();
      if (e instanceof WavFormatException || e instanceof RuntimeException) {
        throw e;
      }
      throw new IOException(path + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Also feeds every sample this source plays from the file (not the silence after its end) to
   * {@code meter}, which must measure 48 kHz.
   *
   * @return this source
   */
  public synchronized WavStreamSource meteredBy(EnvelopeMeter meter) {
    if (meter.sampleRate() != PcmFormat.SAMPLE_RATE) {
      throw new IllegalArgumentException("the meter measures " + meter.sampleRate() + " Hz");
    }
    this.meter = meter;
    return this;
  }

  /** The file's own sample rate. */
  public int fileSampleRate() {
    return header.sampleRate();
  }

  /** The file's channels (mixed down to mono as they play). */
  public int channels() {
    return header.channels();
  }

  /** How long the file plays. */
  public Duration duration() {
    return Duration.ofNanos(header.frames() * 1_000_000_000L / header.sampleRate());
  }

  /** 48 kHz samples this source plays in all. */
  public long length() {
    return resampler == null ? header.frames() : resampler.outputLength();
  }

  /**
   * {@inheritDoc}
   *
   * @throws UncheckedIOException if the file cannot be read any more (the message names it)
   */
  @Override
  public synchronized boolean read(short[] frame) {
    int n = 0;
    if (!closed) {
      try {
        n =
            resampler == null
                ? readMono(frame, 0, frame.length)
                : resampler.read(frame, 0, frame.length);
      } catch (IOException e) {
        close();
        throw new UncheckedIOException(path + ": cannot read: " + e.getMessage(), e);
      }
      n = Math.max(0, n);
      if (meter != null) {
        meter.accept(frame, 0, n);
      }
      produced += n;
      if (n == 0 || produced >= length()) {
        close();
      }
    }
    Arrays.fill(frame, n, frame.length, (short) 0);
    return n > 0;
  }

  /** Reads up to {@code length} mono samples at the file's rate; -1 at the end of the data. */
  private int readMono(short[] out, int offset, int length) throws IOException {
    int channels = header.channels();
    int frameBytes = header.frameBytes();
    int total = 0;
    while (total < length && framesRead < header.frames()) {
      long left = Math.min(length - total, header.frames() - framesRead);
      buffer.clear().limit((int) Math.min(buffer.capacity() / frameBytes, left) * frameBytes);
      long position = header.dataOffset() + framesRead * frameBytes;
      while (buffer.hasRemaining()) {
        if (file.read(buffer, position + buffer.position()) < 0) {
          break;
        }
      }
      int frames = buffer.position() / frameBytes;
      if (frames == 0) {
        break;
      }
      for (int i = 0; i < frames; i++) {
        int sum = 0;
        for (int c = 0; c < channels; c++) {
          sum += buffer.getShort((i * channels + c) * 2);
        }
        out[offset + total + i] = (short) (sum / channels);
      }
      total += frames;
      framesRead += frames;
    }
    return total == 0 && length > 0 ? -1 : total;
  }

  /** Closes the file; later reads give silence and report the end. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      file.close();
    } catch (IOException e) {
      // nothing was written: there is nothing to lose
    }
  }
}
