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
 * {@code peervoice bench node-capacity} as a user runs it, in its own process: a node process, 40
 * simulated peers from two peer processes (20 each) attached with the real handshake, a 5 s window
 * with lookups, and the figures of issue 13 in the JSON.
 */
class NodeCapacityBenchCommandTest {

  @Test
  void fortyPeersAttachAndAreMeasured(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("capacity.json");
    try (CliProcess bench =
        CliProcess.start(
            List.of(
                "bench",
                "node-capacity",
                "--peers",
                "40",
                "--peers-per-process",
                "20",
                "--seconds",
                "5",
                "--keepalive",
                "2",
                "--json",
                json.toString()))) {
      int exit = bench.exitCode(Duration.ofSeconds(120));

      assertThat(exit).as(String.join("\n", bench.texts())).isZero();
      assertThat(bench.texts()).anyMatch(l -> l.startsWith("attached peers per core"));
    }
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    for (String field :
        List.of(
            "attached_peers",
            "node_cpu_pct",
            "attached_per_core",
            "bytes_per_peer",
            "lookup_ms_p50",
            "lookup_ms_p99")) {
      assertThat(r.has(field)).as(field).isTrue();
    }
    assertThat(r.get("attached_peers").asInt()).isEqualTo(40);
    assertThat(r.get("peer_processes").asInt()).isEqualTo(2);
    assertThat(r.get("pings").asLong()).as("keepalives flowed in the window").isPositive();
    assertThat(r.get("pings_unanswered").asLong()).isZero();
    assertThat(r.get("lookups").asInt()).isPositive();
    assertThat(r.get("lookups_failed").asInt()).isZero();
    assertThat(r.get("lookup_ms_p50").asDouble()).isPositive();
  }
}
