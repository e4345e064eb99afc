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
 */
public record ProcessingStats(
    ProcessingEngine engine,
    int echoDelayMs,
    double erleDb,
    long captureBlocks,
    long renderBlocks) {

  /** Nothing measured yet. */
  public static ProcessingStats empty(ProcessingEngine engine) {
    return new ProcessingStats(engine, -1, Double.NaN, 0, 0);
  }

  /** Whether an echo path delay estimate is present. */
  public boolean hasEchoDelay() {
    return echoDelayMs >= 0;
  }

  /** Whether an ERLE figure is present. */
  public boolean hasErle() {
    return !Double.isNaN(erleDb);
  }
}
