package io.peervoice.media.audio.internal;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * A line of the fake loopback card ({@link LoopbackMixerProvider}): 48 kHz 16-bit mono signed
 * little-endian PCM only; what its playback line plays, its capture line records ({@link
 * LoopbackDevice}). Controls and listeners are not supported.
 */
abstract class LoopbackLine implements DataLine, ControlFreeLine {
  static final AudioFormat FORMAT = JavaSoundDevices.format(1);
  private static final int DEFAULT_BUFFER_BYTES = 40 * 48 * 2;

  final LoopbackDevice device;
  private final DataLine.Info info;
  private volatile boolean open;
  private volatile boolean running;
  private volatile int bufferBytes = DEFAULT_BUFFER_BYTES;
  long frames;

  LoopbackLine(LoopbackDevice device, Class<? extends DataLine> type) {
    this.device = device;
    this.info = info(type);
  }

  static DataLine.Info info(Class<? extends DataLine> type) {
    return new DataLine.Info(type, new AudioFormat[] {FORMAT}, 2, 1 << 20);
  }

  abstract void openDevice(int bufferFrames);

  abstract void closeDevice();

  public void open(AudioFormat format, int bufferSize) throws LineUnavailableException {
    if (!FORMAT.matches(format)) {
      throw new IllegalArgumentException("the loopback takes only " + FORMAT + ", not " + format);
    }
    if (open) {
      throw new LineUnavailableException("the loopback line is already open");
    }
    bufferBytes = Math.max(4, bufferSize & ~1);
    openDevice(bufferBytes / 2);
    open = true;
  }

  public void open(AudioFormat format) throws LineUnavailableException {
    open(format, DEFAULT_BUFFER_BYTES);
  }

  @Override
  public void open() throws LineUnavailableException {
    open(FORMAT);
  }

  @Override
  public void close() {
    if (open) {
      open = false;
      running = false;
      closeDevice();
    }
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  boolean usable() {
    return open && running;
  }

  @Override
  public Line.Info getLineInfo() {
    return info;
  }

  @Override
  public void start() {
    running = open;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public boolean isActive() {
    return running;
  }

  @Override
  public void drain() {}

  @Override
  public void flush() {}

  @Override
  public AudioFormat getFormat() {
    return FORMAT;
  }

  @Override
  public int getBufferSize() {
    return bufferBytes;
  }

  @Override
  public int getFramePosition() {
    return (int) frames;
  }

  @Override
  public long getLongFramePosition() {
    return frames;
  }

  @Override
  public long getMicrosecondPosition() {
    return frames * 1000 / 48;
  }

  @Override
  public float getLevel() {
    return javax.sound.sampled.AudioSystem.NOT_SPECIFIED;
  }

  /** The playback side: {@code write} blocks while the card's buffer is full. */
  static final class Playback extends LoopbackLine implements SourceDataLine {
    private short[] samples = new short[0];

    Playback(LoopbackDevice device) {
      super(device, SourceDataLine.class);
    }

    @Override
    void openDevice(int bufferFrames) {
      device.openPlayback(bufferFrames);
    }

    @Override
    void closeDevice() {
      device.closePlayback();
    }

    @Override
    public int available() {
      return isOpen() ? 2 * device.playbackFree() : 0;
    }

    @Override
    public int write(byte[] b, int off, int len) {
      if (!usable()) {
        return 0;
      }
      int n = len / 2;
      if (samples.length < n) {
        samples = new short[n];
      }
      for (int i = 0; i < n; i++) {
        samples[i] = (short) ((b[off + 2 * i] & 0xFF) | b[off + 2 * i + 1] << 8);
      }
      try {
        int done = device.play(samples, 0, n);
        frames += done;
        return 2 * done;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
  }

  /** The capture side: {@code read} blocks until the card's clock has recorded enough. */
  static final class Capture extends LoopbackLine implements TargetDataLine {
    private short[] samples = new short[0];

    Capture(LoopbackDevice device) {
      super(device, TargetDataLine.class);
    }

    @Override
    void openDevice(int bufferFrames) {
      device.openCapture(bufferFrames);
    }

    @Override
    void closeDevice() {
      device.closeCapture();
    }

    @Override
    public int available() {
      return isOpen() ? 2 * device.captureQueued() : 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (!usable()) {
        return 0;
      }
      int n = len / 2;
      if (samples.length < n) {
        samples = new short[n];
      }
      try {
        int done = device.capture(samples, 0, n);
        for (int i = 0; i < done; i++) {
          b[off + 2 * i] = (byte) samples[i];
          b[off + 2 * i + 1] = (byte) (samples[i] >> 8);
        }
        frames += done;
        return 2 * done;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
    }
  }
}
