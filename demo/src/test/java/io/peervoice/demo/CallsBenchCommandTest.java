package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peervoice bench calls} as a user runs it, in its own process: it starts a node and two
 * phone processes, holds 2 calls between them for 6 s, and reports CPU (over the window after
 * {@code --settle}, and over the whole call), threads, memory, concealment and the Opus complexity
 * in use of each side, and the codec's share.
 */
class CallsBenchCommandTest {

  @Test
  void twoCallsBetweenTwoProcessesAreMeasured(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("calls.json");
    try (CliProcess bench =
        CliProcess.start(
            List.of(
                "bench",
                "calls",
                "--calls",
                "2",
                "--seconds",
                "6",
                "--settle",
                "2",
                "--json",
                json.toString()))) {
      int exit = bench.exitCode(Duration.ofSeconds(90));

      assertThat(exit).as(String.join("\n", bench.texts())).isZero();
      assertThat(bench.texts()).anyMatch(l -> l.startsWith("CPU per call (% of a core)"));
    }
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertThat(r.get("calls").asInt()).isEqualTo(2);
    assertThat(r.get("seconds").asInt()).isEqualTo(6);
    for (String side : new String[] {"caller", "callee"}) {
      assertThat(r.get("cpu_pct_per_call_" + side).asDouble()).as(side).isPositive();
      assertThat(r.get("threads_" + side).asInt()).as(side).isPositive();
      assertThat(r.get("rss_mb_" + side).asDouble()).as(side).isPositive();
      // the whole call, start-up included, is reported beside the settled window
      assertThat(r.get("cpu_pct_per_call_" + side + "_whole").asDouble()).as(side).isPositive();
      // without --complexity the phones adapt, never above the configured complexity
      assertThat(r.get("complexity_effective_max_" + side).asInt())
          .as(side)
          .isBetween(5, r.get("complexity").asInt());
    }
    // the JIT compilers' part of the window: some of a fresh phone's CPU, never more than all
    for (String side : new String[] {"caller", "callee"}) {
      assertThat(r.get("jit_cpu_pct_per_call_" + side).asDouble())
          .as(side)
          .isBetween(0.0, r.get("cpu_pct_per_call_" + side).asDouble());
    }
    assertThat(
            r.get("jit_cpu_pct_per_call_caller").asDouble()
                + r.get("jit_cpu_pct_per_call_callee").asDouble())
        .isPositive();
    assertThat(r.get("settle_seconds").asInt()).isEqualTo(2);
    assertThat(r.get("played_pct_caller").asDouble()).isPositive();
    assertThat(r.get("played_pct_callee").asDouble()).isPositive();
    // the window runs from the settle time to the last second: about 6 - 2 - 0.6 s
    assertThat(r.get("window_seconds").asDouble()).isBetween(2.5, 4.5);
    assertThat(r.get("whole_seconds").asDouble()).isGreaterThan(r.get("window_seconds").asDouble());
    assertThat(r.get("concealed_pct").asDouble()).isBetween(0.0, 5.0);
    // S18: both phones noted their counters at the window's start, so concealment is counted
    // over the CPU window too
    assertThat(r.get("concealed_pct_window").isNumber()).as("%s", r).isTrue();
    assertThat(r.get("concealed_pct_window").asDouble()).isBetween(0.0, 5.0);
    assertThat(r.get("codec_cpu_pct").asDouble()).isPositive();
    assertThat(r.get("complexity").asInt()).isBetween(0, 10);
    assertThat(r.get("aes_provider").asText()).isNotBlank().doesNotContainIgnoringCase("bouncy");
    assertThat(r.get("samples_stretched").asLong()).isNotNegative();
  }
}
