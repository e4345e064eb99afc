package io.peervoice.media.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.processing.AudioProcessor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The steady CPU figure: the warm-up runs do not count, the measured ones give their median. */
class SteadyCpuTest {

  @Test
  void theWarmUpDoesNotCountAndTheMedianOfTheMeasuredRunsIsTheFigure() {
    // a JIT-like curve: 10 expensive warm-up runs, then 5 runs around 0.4 with one outlier
    double[] runs = {5, 4, 3, 2, 1.5, 1.2, 1, 0.9, 0.8, 0.7, 0.41, 0.39, 2.0, 0.40, 0.42};
    AtomicInteger at = new AtomicInteger();
    SteadyCpu.Result result = new SteadyCpu(10).measure(() -> runs[at.getAndIncrement()]);
    assertThat(at.get()).isEqualTo(15);
    assertThat(result.cpuPercent()).isEqualTo(0.41);
    assertThat(result.warmupRuns()).isEqualTo(10);
  }

  @Test
  void eachRunIsANewProcessorOverTheWholeScene() {
    int blocks = 4;
    EchoSignals signals =
        new EchoSignals(
            new short[blocks * AudioProcessor.BLOCK_SAMPLES],
            new double[blocks * AudioProcessor.BLOCK_SAMPLES],
            new double[blocks * AudioProcessor.BLOCK_SAMPLES],
            new double[blocks * AudioProcessor.BLOCK_SAMPLES],
            new short[blocks * AudioProcessor.BLOCK_SAMPLES],
            false,
            0);
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger captured = new AtomicInteger();
    SteadyCpu.Result result =
        new SteadyCpu(3)
            .measure(
                signals,
                () -> {
                  opened.incrementAndGet();
                  return new FakeProcessors.Base() {
                    @Override
                    public void capture(short[] near) {
                      captured.incrementAndGet();
                    }
                  };
                });
    assertThat(opened.get()).isEqualTo(3 + SteadyCpu.MEASURED_RUNS);
    assertThat(captured.get()).isEqualTo((3 + SteadyCpu.MEASURED_RUNS) * blocks);
    assertThat(result.cpuPercent()).isNotNegative();
  }

  @Test
  void noWarmUpIsRefused() {
    assertThatThrownBy(() -> new SteadyCpu(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("warmupRuns");
  }
}
