package io.peervoice.media.audio.internal;

import io.peervoice.media.audio.AudioCapture;
import io.peervoice.media.audio.AudioDevice;
import io.peervoice.media.audio.DeviceStats;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * An {@link AudioCapture} over a blocking byte input such as a {@code TargetDataLine}. A thread of
 * its own ({@link #start}) reads the line in 10 ms blocks into a small ring ({@value #RING_MILLIS}
 * ms); {@link #read} on the media clock takes a 20 ms frame from the ring without blocking, or
 * gives silence and counts an under-run when the device is late. The capture latency stays low for
 * the whole call: at the first read, audio recorded before the call's media started is dropped down
 * to 30 ms; after that, when even the least audio waiting at a read over a second ({@value
 * #TRIM_READS} reads) exceeds {@value #MAX_WAITING_MILLIS} ms (the device's clock runs ahead of
 * ours), the excess is dropped down to 30 ms and counted as an over-run, as are samples the full
 * ring drops once the call reads; a single late media tick drops nothing. Tests drive {@link #pump}
 * themselves instead of starting the thread.
 */
final class LineCapture implements AudioCapture {
  static final int BLOCK_SAMPLES = 480;
  static final int RING_MILLIS = 120;
  static final int MAX_WAITING_MILLIS = 40;
  static final int TRIM_READS = 50;

  /** A blocking read; fewer bytes than asked, or none, once the line is stopped or closed. */
  interface ByteInput {
    int read(byte[] bytes, int offset, int length);
  }

  private final AudioDevice device;
  private final int channels;
  private final ByteInput input;
  private final IntSupplier queuedBytes;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final FrameRing ring = new FrameRing(RING_MILLIS * 48);
  private final DeviceMeter meter;
  private final byte[] bytes;
  private final short[] block = new short[BLOCK_SAMPLES];
  private volatile boolean ended;
  private volatile int lineQueued;
  private volatile boolean delivered;
  private int leastWaiting = Integer.MAX_VALUE;
  private int reads;

  /**
   * @param queuedBytes bytes recorded by the device and not yet read ({@code available()})
   * @param lineBufferBytes the line's buffer as granted
   */
  LineCapture(
      AudioDevice device,
      int channels,
      ByteInput input,
      IntSupplier queuedBytes,
      int lineBufferBytes,
      Runnable release) {
    if (channels != 1 && channels != 2) {
      throw new IllegalArgumentException("channels must be 1 or 2: " + channels);
    }
    this.device = device;
    this.channels = channels;
    this.input = input;
    this.queuedBytes = queuedBytes;
    this.release = release;
    this.bytes = new byte[BLOCK_SAMPLES * 2 * channels];
    this.meter = new DeviceMeter(device);
    meter.bufferSamples(lineBufferBytes / (2 * channels));
  }

  /** Starts the thread that reads the device until it is closed or ends. */
  LineCapture start(ThreadFactory threads) {
    Thread t = threads.newThread(() -> pumpUntilEnd());
    t.start();
    return this;
  }

  private void pumpUntilEnd() {
    while (pump()) {
      // each pump blocks on the device for 10 ms of audio
    }
  }

  @Override
  public AudioDevice device() {
    return device;
  }

  /**
   * Reads one 10 ms block from the device (blocking) into the ring.
   *
   * @return {@code false} once the line is closed or delivered less than a block (it has ended)
   */
  boolean pump() {
    if (closed.get() || ended) {
      return false;
    }
    int frameBytes = 2 * channels;
    int got = 0;
    while (got < bytes.length && !closed.get()) {
      int n = input.read(bytes, got, bytes.length - got);
      if (n <= 0) {
        break;
      }
      got += n;
    }
    int samples = got / frameBytes;
    Pcm16.decode(bytes, channels, block, samples);
    int dropped = ring.put(block, 0, samples);
    if (delivered) {
      meter.dropped(dropped); // before the call's media reads, the ring simply keeps the newest
    }
    lineQueued = Math.max(0, queuedBytes.getAsInt()) / frameBytes;
    if (got < bytes.length) {
      ended = true;
      return false;
    }
    return true;
  }

  @Override
  public boolean read(short[] frame) {
    if (closed.get()) {
      Arrays.fill(frame, (short) 0);
      return false;
    }
    boolean endedBefore = ended;
    if (!endedBefore) {
      trim(frame.length + BLOCK_SAMPLES);
    }
    int waiting = ring.size();
    if (ring.take(frame, 0, frame.length)) {
      meter.fed();
      meter.latency(waiting + (long) lineQueued);
      delivered = true;
      return true;
    }
    if (endedBefore) {
      int left = Math.min(ring.size(), frame.length);
      ring.take(frame, 0, left);
      Arrays.fill(frame, left, frame.length, (short) 0);
      return left > 0;
    }
    Arrays.fill(frame, (short) 0);
    if (delivered) {
      meter.starved(frame.length);
    }
    return true;
  }

  /**
   * Drops what waits beyond {@code keep} samples: at the first read, or after a second of excess.
   */
  private void trim(int keep) {
    int size = ring.size();
    if (!delivered) {
      ring.skip(size - keep); // recorded before the call's media started: not an over-run
      return;
    }
    leastWaiting = Math.min(leastWaiting, size);
    if (++reads < TRIM_READS) {
      return;
    }
    if (leastWaiting > MAX_WAITING_MILLIS * 48) {
      meter.dropped(ring.skip(leastWaiting - keep));
    }
    reads = 0;
    leastWaiting = Integer.MAX_VALUE;
  }

  @Override
  public Optional<DeviceStats> captureStats() {
    return Optional.of(meter.stats());
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }
}
