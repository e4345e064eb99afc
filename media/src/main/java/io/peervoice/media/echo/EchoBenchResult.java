package io.peervoice.media.echo;

import io.peervoice.media.processing.ProcessingEngine;

/**
 * What the echo bench measured (see {@link EchoMetrics} for the definitions). A figure that could
 * not be measured is NaN ({@code convergenceMillis}: -1), e.g. the double-talk figures when there
 * is no near-end talker.
 *
 * @param engine the processor's engine
 * @param audioSeconds length of the simulation
 * @param singleTalkSeconds far-end single talk in it
 * @param doubleTalkSeconds double talk in it
 * @param erleDb ERLE over all far-end single talk
 * @param erleAfter2sDb ERLE over far-end single talk from 2 s on
 * @param convergenceMillis far-end onset to ERLE 20 dB, or -1 if never reached
 * @param doubletalkNearCorr envelope correlation of the output with the clean near end in double
 *     talk
 * @param doubletalkNearSuppressionDb how much of the near end's level was lost in double talk
 * @param cpuPercentAfter2s the same from 2 s on (without the JIT's warm-up), NaN for shorter audio
 * @param doubletalkEchoToNearDb the echo's level over the near end's in double talk (at the
 *     microphone, before processing): how hard the double talk is
 * @param cpuPercent the processor's CPU time as a share of one core in real time
 * @param engineEchoDelayMs the processor's own echo path delay estimate at the end, or -1
 * @param engineErleDb the processor's own ERLE figure at the end, or NaN
 * @param erlePerSecondDb ERLE over far-end single talk in each whole second (NaN where none)
 * @param clippedSamples microphone samples clipped to 16 bits (the echo or near end too loud)
 * @param stageLatencyMillis how much later than its input the processor's output came (found on the
 *     near end in double talk; every other figure is taken on the output moved back by it), or NaN
 *     without double talk (then the output is taken as it is)
 * @param linearConvergenceMillis the processor's own diagnostic: first far-end activity to 20 dB
 *     ERLE of its linear canceller alone (before residual suppression), -1 if never reached, {@link
 *     io.peervoice.media.processing.ProcessingStats#NO_LINEAR_STAGE} when the engine has no
 *     separate linear stage
 * @param doubletalkEchoReductionDb how much weaker than at the microphone the far end hears its
 *     echo in double talk: the echo over the output's part that is not the near end (residual echo,
 *     noise, distortion; NaN without double talk)
 * @param doubletalkResidualToNearDb that part of the output over the near end it kept, in double
 *     talk: how loud the far end hears its echo next to the near-end talker (NaN without double
 *     talk)
 */
public record EchoBenchResult(
    ProcessingEngine engine,
    double audioSeconds,
    double singleTalkSeconds,
    double doubleTalkSeconds,
    double erleDb,
    double erleAfter2sDb,
    int convergenceMillis,
    double doubletalkNearCorr,
    double doubletalkNearSuppressionDb,
    double cpuPercent,
    double cpuPercentAfter2s,
    double doubletalkEchoToNearDb,
    int engineEchoDelayMs,
    double engineErleDb,
    double[] erlePerSecondDb,
    int clippedSamples,
    double stageLatencyMillis,
    int linearConvergenceMillis,
    double doubletalkEchoReductionDb,
    double doubletalkResidualToNearDb) {

  /** Whether the engine has a separate linear stage (then {@link #linearConvergenceMillis}). */
  public boolean hasLinearStage() {
    return linearConvergenceMillis != io.peervoice.media.processing.ProcessingStats.NO_LINEAR_STAGE;
  }
}
