package io.peervoice.media.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.processing.AudioProcessor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The steady CPU figure waits for the JIT to go quiet, and says when it never did. */
class SteadyCpuTest {
  private static final EchoSignals SIGNALS =
      new EchoSignals(
          new short[4 * AudioProcessor.BLOCK_SAMPLES],
          new double[4 * AudioProcessor.BLOCK_SAMPLES],
          new double[4 * AudioProcessor.BLOCK_SAMPLES],
          new double[4 * AudioProcessor.BLOCK_SAMPLES],
          new short[4 * AudioProcessor.BLOCK_SAMPLES],
          false,
          0);

  /** A JIT that compiles during the first {@code busyRuns} runs (one reading per run). */
  private static LongSupplier jitBusyFor(AtomicInteger opened, int busyRuns) {
    return () -> Math.min(opened.get(), busyRuns) * 10L;
  }

  /** A clock that moves {@code millisPerRun} each time a processor is opened. */
  private static LongSupplier clock(AtomicInteger opened, long millisPerRun) {
    return () -> opened.get() * millisPerRun * 1_000_000;
  }

  @Test
  void warmsUpUntilTwoRunsInARowCompileNothingThenMeasuresThree() {
    AtomicInteger opened = new AtomicInteger();
    SteadyCpu.Result result =
        new SteadyCpu(40, jitBusyFor(opened, 5), clock(opened, 600))
            .measure(
                SIGNALS,
                () -> {
                  opened.incrementAndGet();
                  return FakeProcessors.passThrough();
                });
    // runs 1..5 compile, 6 and 7 are quiet (1.2 s): 7 warm-up runs, then 3 measured
    assertThat(result.warmupRuns()).isEqualTo(7);
    assertThat(result.settled()).isTrue();
    assertThat(opened.get()).isEqualTo(10);
    assertThat(result.cpuPercent()).isNotNegative();
  }

  @Test
  void quietRunsMustAlsoSpanASecondAsOneLongCompilationMayBeUnderWay() {
    AtomicInteger opened = new AtomicInteger();
    SteadyCpu.Result result =
        new SteadyCpu(40, jitBusyFor(opened, 5), clock(opened, 100))
            .measure(
                SIGNALS,
                () -> {
                  opened.incrementAndGet();
                  return FakeProcessors.passThrough();
                });
    // quiet since the end of run 5 (500 ms); settled at the end of run 15 (1.5 s: 1.0 s quiet)
    assertThat(result.warmupRuns()).isEqualTo(15);
    assertThat(result.settled()).isTrue();
  }

  @Test
  void aJitThatNeverSettlesStopsAtTheLimitAndSaysSo() {
    AtomicInteger opened = new AtomicInteger();
    SteadyCpu.Result result =
        new SteadyCpu(6, jitBusyFor(opened, Integer.MAX_VALUE), clock(opened, 600))
            .measure(
                SIGNALS,
                () -> {
                  opened.incrementAndGet();
                  return FakeProcessors.passThrough();
                });
    assertThat(result.warmupRuns()).isEqualTo(6);
    assertThat(result.settled()).isFalse();
    assertThat(opened.get()).isEqualTo(9);
  }

  @Test
  void withoutCompilationTimeItRunsTheLimitAndIsNotSettled() {
    AtomicInteger opened = new AtomicInteger();
    SteadyCpu.Result result =
        new SteadyCpu(3, () -> -1, clock(opened, 600))
            .measure(
                SIGNALS,
                () -> {
                  opened.incrementAndGet();
                  return FakeProcessors.passThrough();
                });
    assertThat(result.warmupRuns()).isEqualTo(3);
    assertThat(result.settled()).isFalse();
  }

  @Test
  void tooFewRunsAreRefused() {
    assertThatThrownBy(() -> new SteadyCpu(1, () -> 0, System::nanoTime))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRuns");
  }
}
