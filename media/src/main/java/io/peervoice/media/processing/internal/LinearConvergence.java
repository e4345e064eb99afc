package io.peervoice.media.processing.internal;

/**
 * How long the linear echo canceller alone takes to converge: from the first 8 ms block with
 * far-end activity to the end of the first window of {@value #WINDOW_BLOCKS} blocks (200 ms) whose
 * far-end single-talk blocks (at least half of the window) show the microphone at least {@value
 * #CONVERGED_DB} dB above the canceller's error, i.e. before the residual suppressor. The same rule
 * as the echo bench's {@code convergence_ms}, taken on the linear stage's own signals.
 */
final class LinearConvergence {
  static final int WINDOW_BLOCKS = 25;
  static final double CONVERGED_DB = 20;
  private static final int BLOCK_MS = PartitionedEchoFilter.N * 1000 / 16_000;

  private final double[] micEnergy = new double[WINDOW_BLOCKS];
  private final double[] errorEnergy = new double[WINDOW_BLOCKS];
  private final boolean[] counted = new boolean[WINDOW_BLOCKS];
  private long blocks = -1;
  private int convergenceMillis = -1;

  /** One block: far-end activity, no double talk, the microphone's energy, the error samples. */
  void add(boolean farActive, boolean singleTalk, double mic, float[] error) {
    if (convergenceMillis >= 0 || (blocks < 0 && !farActive)) {
      return;
    }
    blocks++;
    int slot = (int) (blocks % WINDOW_BLOCKS);
    double e = 0;
    for (float v : error) {
      e += (double) v * v;
    }
    counted[slot] = farActive && singleTalk;
    micEnergy[slot] = mic;
    errorEnergy[slot] = e;
    double m = 0;
    double err = 0;
    int n = 0;
    int window = (int) Math.min(blocks + 1, WINDOW_BLOCKS);
    for (int i = 0; i < window; i++) {
      if (counted[i]) {
        m += micEnergy[i];
        err += errorEnergy[i];
        n++;
      }
    }
    if (n >= WINDOW_BLOCKS / 2 && m > 0 && m >= err * Math.pow(10, CONVERGED_DB / 10)) {
      convergenceMillis = (int) ((blocks + 1) * BLOCK_MS);
    }
  }

  /** Milliseconds from the first far-end activity to convergence, or -1 if not reached. */
  int convergenceMillis() {
    return convergenceMillis;
  }
}
