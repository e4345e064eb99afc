package io.peervoice.media.audio.internal;

import io.peervoice.media.audio.AudioDevice;
import io.peervoice.media.audio.AudioPlayback;
import io.peervoice.media.audio.DeviceStats;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * An {@link AudioPlayback} over a blocking byte output such as a {@code SourceDataLine}. {@link
 * #write} on the media clock puts the frame in a small ring ({@value #RING_MILLIS} ms) without
 * blocking; a thread of its own ({@link #start}) moves 10 ms blocks from the ring into the line,
 * paced by the line's blocking write. When the ring is empty and the line is about to run dry, it
 * writes a block of silence (an under-run, counted) so the device never stops mid-call; while the
 * line still holds audio it waits for the next frame instead. Tests drive {@link #pump} themselves.
 */
final class LinePlayback implements AudioPlayback {
  static final int BLOCK_SAMPLES = 480;
  static final int RING_MILLIS = 60;
  private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /** A write that blocks while the line's buffer is full. */
  interface ByteOutput {
    int write(byte[] bytes, int offset, int length);
  }

  private final AudioDevice device;
  private final int channels;
  private final ByteOutput output;
  private final IntSupplier freeBytes;
  private final int lineBufferBytes;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final FrameRing ring = new FrameRing(RING_MILLIS * 48);
  private final DeviceMeter meter;
  private final short[] block = new short[BLOCK_SAMPLES];
  private final byte[] bytes;
  private volatile boolean started;

  /**
   * @param freeBytes bytes the line can take without blocking ({@code available()})
   * @param lineBufferBytes the line's buffer as granted
   */
  LinePlayback(
      AudioDevice device,
      int channels,
      ByteOutput output,
      IntSupplier freeBytes,
      int lineBufferBytes,
      Runnable release) {
    if (channels != 1 && channels != 2) {
      throw new IllegalArgumentException("channels must be 1 or 2: " + channels);
    }
    this.device = device;
    this.channels = channels;
    this.output = output;
    this.freeBytes = freeBytes;
    this.lineBufferBytes = lineBufferBytes;
    this.release = release;
    this.bytes = new byte[BLOCK_SAMPLES * 2 * channels];
    this.meter = new DeviceMeter(device);
    meter.bufferSamples(lineBufferBytes / (2 * channels));
  }

  /** Starts the thread that feeds the device until it is closed. */
  LinePlayback start(ThreadFactory threads) {
    Thread t = threads.newThread(() -> pumpUntilClosed());
    t.start();
    return this;
  }

  private void pumpUntilClosed() {
    try {
      while (pump()) {
        // each pump writes 10 ms (blocking while the line is full) or waits for a frame
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public AudioDevice device() {
    return device;
  }

  @Override
  public void write(short[] frame) {
    if (closed.get()) {
      return;
    }
    meter.dropped(ring.put(frame, 0, frame.length));
    started = true;
  }

  /**
   * One step of the device thread: writes the next 10 ms block to the line (blocking while it is
   * full), silence if the ring is empty and the line nearly dry, or waits briefly for a frame.
   *
   * @return {@code false} once closed
   */
  boolean pump() throws InterruptedException {
    if (closed.get()) {
      return false;
    }
    int frameBytes = 2 * channels;
    int queued = Math.max(0, lineBufferBytes - freeBytes.getAsInt()) / frameBytes;
    int waiting = ring.size();
    if (ring.take(block, 0, BLOCK_SAMPLES)) {
      meter.fed();
      meter.latency(waiting + (long) queued);
    } else if (!started || queued >= BLOCK_SAMPLES) {
      ring.await(BLOCK_SAMPLES, WAIT_NANOS);
      return !closed.get();
    } else {
      Arrays.fill(block, (short) 0);
      meter.starved(BLOCK_SAMPLES);
    }
    Pcm16.encode(block, channels, bytes);
    output.write(bytes, 0, bytes.length);
    return !closed.get();
  }

  @Override
  public Optional<DeviceStats> playbackStats() {
    return Optional.of(meter.stats());
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }
}
