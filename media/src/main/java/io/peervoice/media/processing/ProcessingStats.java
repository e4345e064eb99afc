package io.peervoice.media.processing;

/**
 * What the processing stage has measured so far in one call.
 *
 * @param engine the engine doing the work
 * @param echoDelayMs the estimated echo path delay (playout to capture, device buffers included) in
 *     milliseconds, or -1 when not known (no estimate yet, echo cancellation off, or the engine
 *     does not estimate it)
 * @param erleDb echo return loss enhancement: how much the canceller attenuates the echo, in dB
 *     (10·log10 of echo-bearing input power over output power during far-end activity), or NaN when
 *     not known yet
 * @param captureBlocks 10 ms capture blocks processed
 * @param renderBlocks 10 ms reference (playout) blocks received
 * @param linearConvergenceMs a diagnostic: how long the engine's linear echo canceller alone (its
 *     error against the microphone, before any residual suppression) took from the first far-end
 *     activity to 20 dB of ERLE over a 200 ms window of far-end single talk; -1 when not reached
 *     (yet), {@link #NO_LINEAR_STAGE} when the engine has no separate linear stage to measure
 */
public record ProcessingStats(
    ProcessingEngine engine,
    int echoDelayMs,
    double erleDb,
    long captureBlocks,
    long renderBlocks,
    int linearConvergenceMs) {

  /** {@link #linearConvergenceMs} of an engine without a separate linear stage. */
  public static final int NO_LINEAR_STAGE = -2;

  /** Figures of an engine without a separate linear stage. */
  public ProcessingStats(
      ProcessingEngine engine,
      int echoDelayMs,
      double erleDb,
      long captureBlocks,
      long renderBlocks) {
    this(engine, echoDelayMs, erleDb, captureBlocks, renderBlocks, NO_LINEAR_STAGE);
  }

  /** Nothing measured yet. */
  public static ProcessingStats empty(ProcessingEngine engine) {
    return new ProcessingStats(engine, -1, Double.NaN, 0, 0);
  }

  /** Whether an echo path delay estimate is present. */
  public boolean hasEchoDelay() {
    return echoDelayMs >= 0;
  }

  /** Whether the engine has a separate linear stage whose convergence is measured. */
  public boolean hasLinearStage() {
    return linearConvergenceMs != NO_LINEAR_STAGE;
  }

  /** Whether an ERLE figure is present. */
  public boolean hasErle() {
    return !Double.isNaN(erleDb);
  }
}
