package io.peervoice.media.audio;

/**
 * An open capture device delivering 20 ms frames of 48 kHz mono PCM. The device is read on a thread
 * of its own into a small ring; {@link #read} never blocks: it takes the oldest 20 ms, or gives
 * silence and counts an under-run ({@link #captureStats()}) when the device has not delivered them
 * yet. After {@link #close()}, from any thread, {@code read} returns {@code false} with silence.
 */
public interface AudioCapture extends AudioSource, AutoCloseable {

  /** The device being recorded. */
  AudioDevice device();

  /** Stops recording and releases the device; idempotent. */
  @Override
  void close();
}
