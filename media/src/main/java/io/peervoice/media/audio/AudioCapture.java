package io.peervoice.media.audio;

/**
 * An open capture device delivering 20 ms frames of 48 kHz mono PCM. {@link #read} blocks until a
 * whole frame has been recorded, so the device paces its caller. After {@link #close()}, from any
 * thread, a blocked or later {@code read} returns {@code false} with silence.
 */
public interface AudioCapture extends AudioSource, AutoCloseable {

  /** The device being recorded. */
  AudioDevice device();

  /** Stops recording and releases the device; idempotent. */
  @Override
  void close();
}
