package io.peervoice.media.audio;

/**
 * An open playback device taking 20 ms frames of 48 kHz mono PCM. {@link #write} never blocks: the
 * frame goes into a small ring that a thread of its own feeds to the device; when the ring runs dry
 * the device plays silence (an under-run, counted in {@link #playbackStats()}), and a frame that
 * does not fit pushes out the oldest (an over-run). After {@link #close()}, from any thread, frames
 * are dropped.
 */
public interface AudioPlayback extends AudioSink, AutoCloseable {

  /** The device playing. */
  AudioDevice device();

  /** Stops playback at once (discarding what is still buffered) and releases the device. */
  @Override
  void close();
}
