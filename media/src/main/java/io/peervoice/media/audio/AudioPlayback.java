package io.peervoice.media.audio;

/**
 * An open playback device taking 20 ms frames of 48 kHz mono PCM. {@link #write} blocks while the
 * device's small buffer is full, so the device paces its caller. After {@link #close()}, from any
 * thread, frames are dropped.
 */
public interface AudioPlayback extends AudioSink, AutoCloseable {

  /** The device playing. */
  AudioDevice device();

  /** Stops playback at once (discarding what is still buffered) and releases the device. */
  @Override
  void close();
}
