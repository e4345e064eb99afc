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
 * {@code peervoice bench setup} as a user runs it, in its own process: a node, a listener and one
 * fresh call process; its JSON has the listener's figures and the medians of the caller's set-up
 * fields, the breakdown included.
 */
class SetupBenchCommandTest {

  @Test
  void aFreshCallToAWarmListenerIsMeasured(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("setup.json");
    try (CliProcess bench =
        CliProcess.start(
            List.of(
                "bench",
                "setup",
                "--runs",
                "1",
                "--warm-calls",
                "0",
                "--settle",
                "0",
                "--json",
                json.toString()))) {
      int exit = bench.exitCode(Duration.ofSeconds(120));
      assertThat(exit).as(String.join("\n", bench.texts())).isZero();
      assertThat(bench.texts()).anyMatch(l -> l.startsWith("listen: ready "));
    }
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertThat(r.get("runs").asInt()).isEqualTo(1);
    assertThat(r.get("listen_ready_ms").asLong()).isPositive();
    assertThat(r.get("listen_idle_threads").asInt()).isPositive();
    assertThat(r.get("listen_idle_rss_mb").asDouble()).isPositive();
    assertThat(r.get("listen_thread_names").has("peervoice-signa")).isTrue();
    for (String field :
        List.of(
            "dial_to_ringing_ms",
            "answer_to_first_audio_ms",
            "ice_connect_ms",
            "path_ready_ms",
            "jvm_start_ms",
            "cli_ms",
            "attach_ms",
            "process_to_dial_ms",
            "process_to_first_audio_ms")) {
      assertThat(r.at("/setup/" + field + "/values").size()).as(field).isEqualTo(1);
    }
  }
}
