package io.peervoice.media.pipeline;

/**
 * A processing stage between capture and encoder (noise suppression, gain control, echo control).
 * Frames are 20 ms of 48 kHz mono PCM ({@link io.peervoice.media.audio.PcmFormat#FRAME_SAMPLES}
 * samples), on the media clock thread, one call at a time, so an implementation keeps plain fields.
 * One instance serves one call: a {@link ProcessingChain} makes its own from factories.
 *
 * <p>For echo control, {@link #farEnd} hands over each frame the speaker is about to play (the far
 * end's voice), before it is written to the playout sink; {@link #process} then sees the microphone
 * frame that may carry its echo. Both are called on the media clock thread, each tick playout after
 * capture.
 */
public interface AudioProcessor extends AutoCloseable {

  /** Processes one captured frame in place, before it is encoded. Must not block. */
  void process(short[] captureFrame);

  /**
   * A frame about to be played (echo reference); read it, do not change it or keep the array.
   * Ignored by default.
   */
  default void farEnd(short[] playedFrame) {}

  /** Frees what the processor holds (native state); called once, when the call's media ends. */
  @Override
  default void close() {}
}
