package io.peervoice.media.processing;

/**
 * One call's audio processing stage (echo cancellation, noise suppression, gain control,
 * high-pass), on 10 ms blocks of 48 kHz mono signed 16-bit PCM ({@link #BLOCK_SAMPLES} samples).
 *
 * <p>Call {@link #render} with every block about to be played (the far end's voice: the echo
 * reference), and {@link #capture} with every microphone block; in real time both arrive at the
 * same pace, render typically just before capture each tick. The two may come from different
 * threads; implementations are thread-safe but not meant for contention. After {@link #close} both
 * are ignored (no native state is touched once freed).
 */
public interface AudioProcessor extends AutoCloseable {

  /** Samples in one 10 ms block at 48 kHz. */
  int BLOCK_SAMPLES = 480;

  /**
   * A block about to be played: the echo reference. Read only; the array is not kept.
   *
   * @throws IllegalArgumentException when {@code farEnd10ms} is not {@link #BLOCK_SAMPLES} long
   */
  void render(short[] farEnd10ms);

  /**
   * Processes a captured block in place: echo removed, noise suppressed, gain applied.
   *
   * @throws IllegalArgumentException when {@code near10ms} is not {@link #BLOCK_SAMPLES} long
   */
  void capture(short[] near10ms);

  /** The engine doing the work. */
  ProcessingEngine engine();

  /** What has been measured so far (a snapshot; cheap). */
  ProcessingStats stats();

  /** Frees the native state; later calls to render/capture leave frames untouched. Idempotent. */
  @Override
  void close();
}
