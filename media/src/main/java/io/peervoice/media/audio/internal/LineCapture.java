package io.peervoice.media.audio.internal;

import io.peervoice.media.audio.AudioCapture;
import io.peervoice.media.audio.AudioDevice;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/** An {@link AudioCapture} over a blocking byte input such as a {@code TargetDataLine}. */
final class LineCapture implements AudioCapture {

  /** A blocking read; fewer bytes than asked, or none, once the line is stopped or closed. */
  interface ByteInput {
    int read(byte[] bytes, int offset, int length);
  }

  private final AudioDevice device;
  private final int channels;
  private final ByteInput input;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean ended;
  private byte[] buffer = new byte[0];

  LineCapture(AudioDevice device, int channels, ByteInput input, Runnable release) {
    if (channels != 1 && channels != 2) {
      throw new IllegalArgumentException("channels must be 1 or 2: " + channels);
    }
    this.device = device;
    this.channels = channels;
    this.input = input;
    this.release = release;
  }

  @Override
  public AudioDevice device() {
    return device;
  }

  @Override
  public boolean read(short[] frame) {
    if (ended || closed.get()) {
      Arrays.fill(frame, (short) 0);
      return false;
    }
    int bytesPerSample = 2 * channels;
    int want = frame.length * bytesPerSample;
    if (buffer.length < want) {
      buffer = new byte[want];
    }
    int got = 0;
    while (got < want && !closed.get()) {
      int n = input.read(buffer, got, want - got);
      if (n <= 0) {
        break;
      }
      got += n;
    }
    int samples = got / bytesPerSample;
    Pcm16.decode(buffer, channels, frame, samples);
    Arrays.fill(frame, samples, frame.length, (short) 0);
    if (got < want) {
      ended = true;
    }
    return samples > 0;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }
}
