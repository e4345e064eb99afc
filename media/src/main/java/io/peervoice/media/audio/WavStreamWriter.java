package io.peervoice.media.audio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records 16-bit PCM (mono, or interleaved stereo) to a WAV file as it comes: samples gather in a
 * small buffer that is written out, together with the header's RIFF and data sizes, every flush
 * interval (one second by default) and on {@link #close}. The file is a valid WAV of everything
 * flushed so far at every moment after {@link #create}, so a process killed mid-call leaves a
 * readable file that lacks at most the last interval; memory is the buffer alone, whatever the
 * length of the recording.
 *
 * <p>{@link #write} does the disk write on the caller's (the media) thread, once per interval: one
 * write of the interval's bytes into the page cache and an 8-byte header update, no fsync. A write
 * that fails is logged once; the recording then stops (later samples are counted as dropped) and
 * {@link #close} reports the failure. A recording stops at the format's 4 GB limit (12 h at 48 kHz)
 * in the same way. Thread-safe: {@code close} may come from another thread (a call's end, a
 * shutdown hook) while the media thread writes; samples written after it are dropped.
 */
public final class WavStreamWriter implements AudioSink, Closeable {
  private static final Logger log = LoggerFactory.getLogger(WavStreamWriter.class);
  private static final int HEADER_BYTES = 44;
  private static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - (HEADER_BYTES - 8) & ~3L;

  private final Path path;
  private final int channels;
  private final FileChannel file;
  private final ByteBuffer buffer;
  private final ByteBuffer sizes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
  private long dataBytes;
  private long dropped;
  private IOException failure;
  private boolean closed;

  private WavStreamWriter(
      Path path, FileChannel file, int sampleRate, int channels, int flushSamples)
      throws IOException {
    this.path = path;
    this.channels = channels;
    this.file = file;
    buffer = ByteBuffer.allocate(2 * channels * flushSamples).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(WavHeader.RIFF).putInt(HEADER_BYTES - 8).putInt(WavHeader.WAVE);
    header.putInt(WavHeader.FMT).putInt(16).putShort((short) 1).putShort((short) channels);
    header.putInt(sampleRate).putInt(sampleRate * 2 * channels);
    header.putShort((short) (2 * channels)).putShort((short) 16);
    header.putInt(WavHeader.DATA).putInt(0).flip();
    writeFully(header, 0);
  }

  /**
   * Creates (or replaces) {@code path} as an empty 48 kHz mono recording that flushes every second.
   *
   * @throws IOException if it cannot be written; the message names the file and the reason
   */
  public static WavStreamWriter create(Path path) throws IOException {
    return create(path, PcmFormat.SAMPLE_RATE, Duration.ofSeconds(1));
  }

  /**
   * Creates (or replaces) {@code path} as an empty mono recording at {@code sampleRate} that
   * flushes every {@code flushEvery} of audio.
   *
   * @throws IOException if it cannot be written; the message names the file and the reason
   */
  public static WavStreamWriter create(Path path, int sampleRate, Duration flushEvery)
      throws IOException {
    return create(path, sampleRate, 1, flushEvery);
  }

  /**
   * Creates (or replaces) {@code path} as an empty recording at {@code sampleRate} with {@code
   * channels} (1 or 2; {@link #write} then takes interleaved samples) that flushes every {@code
   * flushEvery} of audio.
   *
   * @throws IOException if it cannot be written; the message names the file and the reason
   */
  public static WavStreamWriter create(Path path, int sampleRate, int channels, Duration flushEvery)
      throws IOException {
    if (channels != 1 && channels != 2) {
      throw new IllegalArgumentException("channels must be 1 or 2: " + channels);
    }
    long flushSamples = flushEvery.toMillis() * sampleRate / 1000;
    if (sampleRate <= 0 || flushSamples < 1 || flushSamples > 10 * sampleRate) {
      throw new IllegalArgumentException(
          "need a positive rate and a flush interval of one sample to 10 s: "
              + sampleRate
              + " Hz, "
              + flushEvery);
    }
    FileChannel file;
    try {
      file =
          FileChannel.open(
              path,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE);
    } catch (java.nio.file.AccessDeniedException e) {
      throw new IOException(path + ": permission denied", e);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException(path + ": no such directory", e);
    } catch (IOException e) {
      throw new IOException(path + ": cannot write: " + e.getMessage(), e);
    }
    try {
      return new WavStreamWriter(path, file, sampleRate, channels, (int) flushSamples);
    } catch (IOException e) {
      file.close();
      throw new IOException(path + ": cannot write: " + e.getMessage(), e);
    }
  }

  public Path path() {
    return path;
  }

  /** Samples per frame: 1, or 2 for interleaved stereo. */
  public int channels() {
    return channels;
  }

  /** Records one frame (any length). */
  @Override
  public void write(short[] frame) {
    write(frame, 0, frame.length);
  }

  /** Records {@code length} samples of {@code samples} from {@code offset}. */
  public synchronized void write(short[] samples, int offset, int length) {
    for (int i = 0; i < length; i++) {
      if (closed || failure != null || dataBytes + buffer.position() >= MAX_DATA_BYTES) {
        dropped += length - i;
        return;
      }
      buffer.putShort(samples[offset + i]);
      if (!buffer.hasRemaining()) {
        flushQuietly();
      }
    }
  }

  /** Writes what is buffered and updates the header's sizes. */
  public synchronized void flush() throws IOException {
    if (closed) {
      return;
    }
    flushQuietly();
    if (failure != null) {
      throw failure;
    }
  }

  /** Samples in the file so far, flushed or buffered (both channels' for stereo). */
  public synchronized long samples() {
    return (dataBytes + buffer.position()) / 2;
  }

  /** Samples that were not recorded: after a write failed, past the size limit or after close. */
  public synchronized long droppedSamples() {
    return dropped;
  }

  /** Why the recording stopped early, if it did. */
  public synchronized Optional<IOException> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Flushes and closes the file, which is then complete. Idempotent.
   *
   * @throws IOException if a write failed, now or earlier (the message names the file)
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    flushQuietly();
    closed = true;
    try {
      file.close();
    } catch (IOException e) {
      if (failure == null) {
        failure = new IOException(path + ": cannot write: " + e.getMessage(), e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void flushQuietly() {
    if (failure != null) {
      buffer.clear();
      return;
    }
    try {
      buffer.flip();
      int bytes = buffer.remaining();
      writeFully(buffer, HEADER_BYTES + dataBytes);
      dataBytes += bytes;
      writeSize(4, HEADER_BYTES - 8 + dataBytes);
      writeSize(40, dataBytes);
    } catch (IOException e) {
      failure = new IOException(path + ": cannot write: " + e.getMessage(), e);
      log.warn("recording {} stopped: {}", path, e.toString());
    } finally {
      buffer.clear();
    }
  }

  private void writeSize(long position, long value) throws IOException {
    sizes.clear();
    sizes.putInt((int) value).flip();
    writeFully(sizes, position);
  }

  private void writeFully(ByteBuffer b, long position) throws IOException {
    while (b.hasRemaining()) {
      position += file.write(b, position);
    }
  }
}
