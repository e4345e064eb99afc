package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The JIT compilers' share of a window, from their summed CPU times at its ends. */
class ProcessSamplerTest {
  @Test
  void theJitShareIsTheCompilersCpuOverTheWindow() {
    assertThat(ProcessSampler.jitPct(1_000, 1_250, 5_000.0)).isCloseTo(5.0, within(1e-9));
  }

  /**
   * A compiler thread that ended in the window (the JVM retires idle C2 threads) leaves the end's
   * sum below the start's: the share reads 0, not a negative CPU.
   */
  @Test
  void aCompilerThreadEndingInTheWindowNeverMakesTheShareNegative() {
    assertThat(ProcessSampler.jitPct(1_400, 900, 5_000.0)).isZero();
  }
}
