package io.peervoice.media.echo;

import io.peervoice.media.processing.AudioProcessor;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The processing stage's CPU once the JIT has compiled it: the cost per call of a call longer than
 * a few minutes, or of any call after the phone's first. A Java engine's code runs interpreted,
 * then C1-compiled with profiling, for its first minutes of audio, as C2's compilations of its
 * loops queue behind each other (longer on a loaded machine), so a single 9 s scene, even run twice
 * in one process ({@code cpu_pct_repeat}), measures mostly the warm-up.
 *
 * <p>The scene is run {@code warmupRuns} times, each time through a new processor (as a phone's
 * next call), then {@value #MEASURED_RUNS} more times; the figure is the median of those. The JVM's
 * own compilation time is no guide to when the stage is compiled: unrelated small methods (a new
 * processor's constructors, formatting) keep compiling long after the stage's loops are done, and
 * one long C2 compilation can leave a second without any finishing.
 */
public final class SteadyCpu {
  static final int MEASURED_RUNS = 5;

  private final int warmupRuns;

  /**
   * What the measurement gave.
   *
   * @param cpuPercent the median CPU of the measured runs, % of one core
   * @param warmupRuns how many runs came before the measured ones
   */
  public record Result(double cpuPercent, int warmupRuns) {}

  /**
   * @param warmupRuns runs before the measured ones (at least 1)
   */
  public SteadyCpu(int warmupRuns) {
    if (warmupRuns < 1) {
      throw new IllegalArgumentException("warmupRuns must be >= 1: " + warmupRuns);
    }
    this.warmupRuns = warmupRuns;
  }

  /** Runs {@code signals} through processors from {@code open}: warm-up, then the measured runs. */
  public Result measure(EchoSignals signals, Supplier<AudioProcessor> open) {
    Objects.requireNonNull(signals, "signals");
    Objects.requireNonNull(open, "open");
    return measure(
        () -> {
          try (AudioProcessor processor = open.get()) {
            return EchoBench.run(signals, processor).cpuPercent(signals.seconds());
          }
        });
  }

  /** {@code run} gives one run's CPU (% of a core): warm-up, then the median of the measured. */
  Result measure(DoubleSupplier run) {
    for (int i = 0; i < warmupRuns; i++) {
      run.getAsDouble();
    }
    double[] cpu = new double[MEASURED_RUNS];
    for (int i = 0; i < MEASURED_RUNS; i++) {
      cpu[i] = run.getAsDouble();
    }
    Arrays.sort(cpu);
    return new Result(cpu[MEASURED_RUNS / 2], warmupRuns);
  }
}
