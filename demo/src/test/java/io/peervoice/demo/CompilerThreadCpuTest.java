package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bench's JIT share: compiler threads' CPU read from their /proc stat lines. */
class CompilerThreadCpuTest {
  private static String stat(String name, long utime, long stime) {
    return "4242 ("
        + name
        + ") S 1 4200 4200 0 -1 4194368 1250 0 0 0 "
        + utime
        + " "
        + stime
        + " 0 0 20 0 30 0 1234 5000000 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0";
  }

  @Test
  void countsOnlyTheCompilerThreadsTimeWithSpacesInTheirNames() {
    assertThat(ChildProcess.compilerTicks(stat("C2 CompilerThre", 700, 30))).isEqualTo(730);
    assertThat(ChildProcess.compilerTicks(stat("C1 CompilerThre", 50, 5))).isEqualTo(55);
    assertThat(ChildProcess.compilerTicks(stat("peervoice-media", 900, 100))).isZero();
    assertThat(ChildProcess.compilerTicks(stat("VM Thread", 900, 100))).isZero();
    assertThat(ChildProcess.compilerTicks("garbage")).isZero();
  }
}
