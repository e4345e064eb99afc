package io.peervoice.media.processing.internal;

/**
 * The {@link PartitionedEchoFilter}'s step control: double-talk detection once the filter has
 * converged, and the loss of convergence when the echo path changes. Not thread-safe.
 *
 * <p><b>Double talk</b>, once the foreground has cancelled at least 10 dB: the share of the
 * microphone's energy the foreground's echo estimate explains, {@code <mic, echo> / <mic, mic>}, is
 * near 1 in far-end single talk and falls as a near end adds energy the echo does not explain
 * (about 0.5 with the two at the same level). Below {@value #EXPLAINED_FULL} the step shrinks, to
 * {@value #DOUBLE_TALK_STEP} of itself at {@value #EXPLAINED_NONE}, so the background does not
 * learn the near end.
 *
 * <p><b>A changed echo path</b> (a frame slip, another device, another volume) also lowers the
 * share, and the small step would learn it about 20 times slower. It differs from double talk in
 * that the foreground, its estimate no longer matching, adds energy to the microphone (its error
 * above the microphone's energy) while the background does not cancel either; double talk does
 * neither. After {@value #DIVERGED_BLOCKS} such blocks in a row the filter counts as not converged:
 * full steps until it cancels 10 dB again.
 */
final class FilterConvergence {
  private static final float EXPLAINED_FULL = 0.85f;
  private static final float EXPLAINED_NONE = 0.6f;
  private static final float DOUBLE_TALK_STEP = 0.05f;
  private static final float DIVERGED = 1f;
  private static final float BACKGROUND_DIVERGED = 0.5f;
  private static final int DIVERGED_BLOCKS = 12; // about 100 ms

  private boolean converged;
  private int divergedBlocks;
  private long unlatches;
  private float factor = 1f;

  /**
   * The step's factor for this block (1 before convergence or in far-end single talk).
   *
   * @param micSmoothed the microphone's smoothed block energy
   * @param foregroundSmoothed the foreground error's smoothed block energy
   * @param micEnergy this block's microphone energy
   * @param micDotEcho this block's {@code <mic, echo estimate>}
   */
  float stepFactor(float micSmoothed, float foregroundSmoothed, float micEnergy, float micDotEcho) {
    if (!converged && micSmoothed > 10 * foregroundSmoothed && micSmoothed > 0) {
      converged = true;
    }
    if (!converged || micEnergy <= 0) {
      factor = 1f;
    } else {
      float explained = micDotEcho / micEnergy;
      float t = (explained - EXPLAINED_NONE) / (EXPLAINED_FULL - EXPLAINED_NONE);
      factor = DOUBLE_TALK_STEP + (1 - DOUBLE_TALK_STEP) * Math.max(0f, Math.min(1f, t));
    }
    return factor;
  }

  /** A block with nothing computed (the reference silent): no double talk. */
  void idle() {
    factor = 1f;
  }

  /** After a block: whether the filter lost its convergence to a changed echo path. */
  void check(float foregroundSmoothed, float backgroundSmoothed, float micSmoothed) {
    if (converged
        && micSmoothed > 0
        && foregroundSmoothed > DIVERGED * micSmoothed
        && backgroundSmoothed > BACKGROUND_DIVERGED * micSmoothed) {
      if (++divergedBlocks >= DIVERGED_BLOCKS) {
        converged = false;
        divergedBlocks = 0;
        unlatches++;
      }
    } else {
      divergedBlocks = 0;
    }
  }

  /** Whether the foreground has cancelled 10 dB (and not lost it to a changed echo path since). */
  boolean converged() {
    return converged;
  }

  /** The last block's step factor. */
  float factor() {
    return factor;
  }

  /** How many times convergence was lost. */
  long unlatches() {
    return unlatches;
  }
}
