package io.peervoice.media.echo;

import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.ProcessingStats;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Objects;

/**
 * Runs a real {@link AudioProcessor} over a simulated microphone as a call would: for each 10 ms
 * block, first the block being played ({@link AudioProcessor#render}), then the block the
 * microphone captured at the same time ({@link AudioProcessor#capture}). Blocks are fed as fast as
 * the processor takes them (the processor has no notion of wall-clock time); the processor's own
 * CPU time is measured on this thread, so {@link Run#cpuPercent()} is the share of one core that
 * real-time processing of this audio would take.
 */
public final class EchoBench {

  private EchoBench() {}

  /**
   * What one run gave.
   *
   * @param output the processed microphone signal, as long as the input
   * @param cpuNanos the processor's CPU time in render and capture
   * @param cpuNanosAfter2s the part of it spent on blocks from 2 s on (past class loading and the
   *     JIT's first compilations)
   * @param stats the processor's own figures at the end
   */
  public record Run(short[] output, long cpuNanos, long cpuNanosAfter2s, ProcessingStats stats) {

    /** The processor's CPU time as a percentage of one core in real time. */
    public double cpuPercent(double audioSeconds) {
      return audioSeconds <= 0 ? 0 : cpuNanos / (audioSeconds * 1e9) * 100;
    }

    /** {@link #cpuPercent} over the blocks from 2 s on, or NaN when the audio is shorter. */
    public double cpuPercentAfter2s(double audioSeconds) {
      return audioSeconds <= 2 ? Double.NaN : cpuNanosAfter2s / ((audioSeconds - 2) * 1e9) * 100;
    }
  }

  /** Processes {@code signals} through {@code processor} in 10 ms blocks. */
  public static Run run(EchoSignals signals, AudioProcessor processor) {
    Objects.requireNonNull(processor, "processor");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean cpuTime = threads.isCurrentThreadCpuTimeSupported();
    int n = AudioProcessor.BLOCK_SAMPLES;
    int blocks = signals.length() / n;
    short[] output = new short[signals.length()];
    short[] far = new short[n];
    short[] mic = new short[n];
    long cpu = 0;
    long cpuAfter2s = 0;
    for (int b = 0; b < blocks; b++) {
      System.arraycopy(signals.far(), b * n, far, 0, n);
      System.arraycopy(signals.mic(), b * n, mic, 0, n);
      long start = cpuTime ? threads.getCurrentThreadCpuTime() : System.nanoTime();
      processor.render(far);
      processor.capture(mic);
      long spent = (cpuTime ? threads.getCurrentThreadCpuTime() : System.nanoTime()) - start;
      cpu += spent;
      if (b >= 200) {
        cpuAfter2s += spent;
      }
      System.arraycopy(mic, 0, output, b * n, n);
    }
    return new Run(output, cpu, cpuAfter2s, processor.stats());
  }
}
