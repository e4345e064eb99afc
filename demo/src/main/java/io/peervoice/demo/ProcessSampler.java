package io.peervoice.demo;

import java.io.IOException;

/**
 * Samples CPU time (utime + stime), threads and resident memory of phone processes from /proc: CPU
 * at the start of the whole span, at the start of the measuring window inside it (after a settling
 * time) and at their common end, the JIT compiler threads' part of it over the window; threads and
 * memory twice a second over the whole span, for their peaks.
 */
final class ProcessSampler {

  /**
   * What one process measured, CPU divided among its {@code calls}: over the window, and over the
   * whole span (settling time included).
   */
  record Side(
      double cpuPctPerCall,
      double cpuPctPerCallWhole,
      int peakThreads,
      double peakRssMb,
      double jitPctPerCall) {}

  private final ChildProcess[] processes;
  private final long[] cpuWhole;
  private final long[] cpuStart;
  private final long[] cpuEnd;
  private final long[] jitStart;
  private final long[] jitEnd;
  private final int[] peakThreads;
  private final long[] peakRssKib;
  private long wholeNanos;
  private long startNanos;
  private long endNanos;

  ProcessSampler(ChildProcess... processes) {
    this.processes = processes;
    cpuWhole = new long[processes.length];
    cpuStart = new long[processes.length];
    cpuEnd = new long[processes.length];
    jitStart = new long[processes.length];
    jitEnd = new long[processes.length];
    peakThreads = new int[processes.length];
    peakRssKib = new long[processes.length];
  }

  /**
   * Reads the CPU times now (the whole span's start), at {@code windowNanos} (the window's start)
   * and at {@code untilNanos} (both ends); threads and memory twice a second meanwhile.
   */
  void sampleUntil(long windowNanos, long untilNanos) throws IOException, InterruptedException {
    wholeNanos = System.nanoTime();
    readCpu(cpuWhole);
    boolean inWindow = false;
    while (true) {
      for (int i = 0; i < processes.length; i++) {
        peakThreads[i] = Math.max(peakThreads[i], processes[i].threads());
        peakRssKib[i] = Math.max(peakRssKib[i], processes[i].rssKib());
      }
      long now = System.nanoTime();
      if (!inWindow && now - windowNanos >= 0) {
        inWindow = true;
        startNanos = now;
        readCpu(cpuStart);
        readJit(jitStart);
      }
      long next = inWindow ? untilNanos : windowNanos;
      long left = next - now;
      if (inWindow && left <= 0) {
        break;
      }
      Thread.sleep(Math.max(1, Math.min(500, left / 1_000_000)));
    }
    endNanos = System.nanoTime();
    readCpu(cpuEnd);
    readJit(jitEnd);
  }

  /** {@link #sampleUntil(long, long)} with the window starting now: one span. */
  void sampleUntil(long untilNanos) throws IOException, InterruptedException {
    sampleUntil(System.nanoTime(), untilNanos);
  }

  private void readCpu(long[] into) throws IOException {
    for (int i = 0; i < processes.length; i++) {
      into[i] = processes[i].cpuMillis();
    }
  }

  private void readJit(long[] into) throws IOException {
    for (int i = 0; i < processes.length; i++) {
      into[i] = processes[i].jitCpuMillis();
    }
  }

  /** The window's length. */
  double seconds() {
    return (endNanos - startNanos) / 1e9;
  }

  /** The whole span's length. */
  double wholeSeconds() {
    return (endNanos - wholeNanos) / 1e9;
  }

  /**
   * The JIT compiler threads' share of a core over a window of {@code windowMillis}, from their
   * summed CPU at its start and end: at least 0. A compiler thread that ended in the window takes
   * its CPU out of the end's sum, so the share then reads low (down to 0), never negative.
   */
  static double jitPct(long startMillis, long endMillis, double windowMillis) {
    return Math.max(0, 100.0 * (endMillis - startMillis) / windowMillis);
  }

  /** Process {@code i}'s figures, its CPU divided among {@code calls}. */
  Side side(int i, int calls) {
    double cpuPct = 100.0 * (cpuEnd[i] - cpuStart[i]) / ((endNanos - startNanos) / 1e6);
    double wholePct = 100.0 * (cpuEnd[i] - cpuWhole[i]) / ((endNanos - wholeNanos) / 1e6);
    double jitPct = jitPct(jitStart[i], jitEnd[i], (endNanos - startNanos) / 1e6);
    return new Side(
        cpuPct / calls, wholePct / calls, peakThreads[i], peakRssKib[i] / 1024.0, jitPct / calls);
  }
}
