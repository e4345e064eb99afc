package io.peervoice.media.audio.internal;

import io.peervoice.media.audio.AudioDevice;
import io.peervoice.media.audio.AudioPlayback;
import java.util.concurrent.atomic.AtomicBoolean;

/** An {@link AudioPlayback} over a blocking byte output such as a {@code SourceDataLine}. */
final class LinePlayback implements AudioPlayback {

  /** A write that blocks while the line's buffer is full. */
  interface ByteOutput {
    int write(byte[] bytes, int offset, int length);
  }

  private final AudioDevice device;
  private final int channels;
  private final ByteOutput output;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();
  private byte[] buffer = new byte[0];

  LinePlayback(AudioDevice device, int channels, ByteOutput output, Runnable release) {
    if (channels != 1 && channels != 2) {
      throw new IllegalArgumentException("channels must be 1 or 2: " + channels);
    }
    this.device = device;
    this.channels = channels;
    this.output = output;
    this.release = release;
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
    int length = frame.length * 2 * channels;
    if (buffer.length != length) {
      buffer = new byte[length];
    }
    Pcm16.encode(frame, channels, buffer);
    output.write(buffer, 0, length);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }
}
