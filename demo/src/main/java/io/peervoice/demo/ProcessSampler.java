package io.peervoice.demo;

import java.io.IOException;

/**
 * Samples CPU time (utime + stime), threads and resident memory of phone processes from /proc: CPU
 * at the start and the end of a window, threads and memory twice a second for their peaks.
 */
final class ProcessSampler {

  /** What one process measured over the window, CPU divided among its {@code calls}. */
  record Side(double cpuPctPerCall, int peakThreads, double peakRssMb) {}

  private final ChildProcess[] processes;
  private final long[] cpuStart;
  private final long[] cpuEnd;
  private final int[] peakThreads;
  private final long[] peakRssKib;
  private long startNanos;
  private long endNanos;

  ProcessSampler(ChildProcess... processes) {
    this.processes = processes;
    cpuStart = new long[processes.length];
    cpuEnd = new long[processes.length];
    peakThreads = new int[processes.length];
    peakRssKib = new long[processes.length];
  }

  /** Reads the CPU times now and at {@code untilNanos}, threads and memory twice a second. */
  void sampleUntil(long untilNanos) throws IOException, InterruptedException {
    startNanos = System.nanoTime();
    for (int i = 0; i < processes.length; i++) {
      cpuStart[i] = processes[i].cpuMillis();
    }
    while (true) {
      for (int i = 0; i < processes.length; i++) {
        peakThreads[i] = Math.max(peakThreads[i], processes[i].threads());
        peakRssKib[i] = Math.max(peakRssKib[i], processes[i].rssKib());
      }
      long left = untilNanos - System.nanoTime();
      if (left <= 0) {
        break;
      }
      Thread.sleep(Math.max(1, Math.min(500, left / 1_000_000)));
    }
    endNanos = System.nanoTime();
    for (int i = 0; i < processes.length; i++) {
      cpuEnd[i] = processes[i].cpuMillis();
    }
  }

  /** The window's length. */
  double seconds() {
    return (endNanos - startNanos) / 1e9;
  }

  /** Process {@code i}'s figures, its CPU divided among {@code calls}. */
  Side side(int i, int calls) {
    double cpuPct = 100.0 * (cpuEnd[i] - cpuStart[i]) / ((endNanos - startNanos) / 1e6);
    return new Side(cpuPct / calls, peakThreads[i], peakRssKib[i] / 1024.0);
  }
}
