package io.peervoice.media.echo;

import io.peervoice.media.processing.AudioProcessor;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The processing stage's CPU once the JIT has compiled it: the cost per call of a call longer than
 * a minute, or of any call after the phone's first. A Java engine's code runs interpreted, then
 * C1-compiled with profiling, for its first tens of seconds of audio, and C2's compilations of its
 * loops queue behind each other (longer on a loaded machine), so a single 9 s scene, even run twice
 * in one process ({@code cpu_pct_repeat}), measures mostly the warm-up.
 *
 * <p>The scene is run again and again, each time through a new processor (as a phone's next call),
 * until no JIT compilation has finished in the process (the compilation time the JVM reports does
 * not move) for at least {@value #QUIET_RUNS} runs and {@value #QUIET_MILLIS} ms (one long C2
 * compilation can take that long on a loaded machine), or {@code maxRuns} runs; the figure is then
 * the median of {@value #MEASURED_RUNS} further runs. {@link Result#settled()} says whether the JIT
 * did settle.
 */
public final class SteadyCpu {
  static final int QUIET_RUNS = 2;
  static final int MEASURED_RUNS = 3;
  static final long QUIET_MILLIS = 1_000;

  private final int maxRuns;
  private final LongSupplier compileMillis;
  private final LongSupplier nanoTime;

  /**
   * What the steady measurement gave.
   *
   * @param cpuPercent the median CPU of the measured runs, % of one core
   * @param warmupRuns how many runs came before the measured ones
   * @param settled whether the JIT had stopped compiling before the measured runs
   */
  public record Result(double cpuPercent, int warmupRuns, boolean settled) {}

  /**
   * @param maxRuns at most this many warm-up runs (at least {@value #QUIET_RUNS})
   * @param compileMillis the process's total JIT compilation time so far, in ms (negative when
   *     unknown)
   * @param nanoTime a monotonic clock, in ns
   */
  SteadyCpu(int maxRuns, LongSupplier compileMillis, LongSupplier nanoTime) {
    if (maxRuns < QUIET_RUNS) {
      throw new IllegalArgumentException("maxRuns must be >= " + QUIET_RUNS + ": " + maxRuns);
    }
    this.maxRuns = maxRuns;
    this.compileMillis = Objects.requireNonNull(compileMillis, "compileMillis");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * With this JVM's JIT compilation time (or, where the JVM does not report it, a fixed number of
   * warm-up runs: {@code maxRuns}).
   */
  public static SteadyCpu ofThisJvm(int maxRuns) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean monitored = jit != null && jit.isCompilationTimeMonitoringSupported();
    return new SteadyCpu(
        maxRuns, monitored ? jit::getTotalCompilationTime : () -> -1, System::nanoTime);
  }

  /** Runs {@code signals} through processors from {@code open} until compiled, then measures. */
  public Result measure(EchoSignals signals, Supplier<AudioProcessor> open) {
    Objects.requireNonNull(signals, "signals");
    Objects.requireNonNull(open, "open");
    int runs = 0;
    int quiet = 0;
    long quietSince = nanoTime.getAsLong();
    long before = compileMillis.getAsLong();
    boolean settled = false;
    while (runs < maxRuns && !settled) {
      run(signals, open);
      runs++;
      long after = compileMillis.getAsLong();
      long now = nanoTime.getAsLong();
      if (after >= 0 && after == before) {
        quiet++;
      } else {
        quiet = 0;
        quietSince = now;
      }
      before = after;
      settled = quiet >= QUIET_RUNS && now - quietSince >= QUIET_MILLIS * 1_000_000;
    }
    double[] cpu = new double[MEASURED_RUNS];
    for (int i = 0; i < MEASURED_RUNS; i++) {
      cpu[i] = run(signals, open).cpuPercent(signals.seconds());
    }
    Arrays.sort(cpu);
    return new Result(cpu[MEASURED_RUNS / 2], runs, settled);
  }

  private static EchoBench.Run run(EchoSignals signals, Supplier<AudioProcessor> open) {
    try (AudioProcessor processor = open.get()) {
      return EchoBench.run(signals, processor);
    }
  }
}
