package io.peervoice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real calls across real kernel NATs: runs {@code nat/lab/nat-matrix.sh} (network namespaces,
 * nftables NATs, coturn): every pair connects with the speech heard, directly where a NAT allows it
 * and through TURN where it must. Skipped where the lab cannot run (not root, a tool missing).
 */
class NatMatrixTest {

  @Test
  void everyPairConnectsWithAudioDirectlyWhereItCanAndThroughTurnWhereItMust() throws Exception {
    Path repo = Path.of("").toAbsolutePath().getParent();
    Path json = repo.resolve("bench/target/nat-matrix.json");
    Process lab =
        new ProcessBuilder(
                repo.resolve("nat/lab/nat-matrix.sh").toString(), "--json", json.toString())
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .redirectOutput(repo.resolve("bench/target/nat-matrix.log").toFile())
            .start();
    assertThat(lab.waitFor(10, TimeUnit.MINUTES)).as("the lab finished in time").isTrue();
    assumeTrue(
        lab.exitValue() != 77, "the NAT lab cannot run here (see bench/target/nat-matrix.log)");
    assertThat(lab.exitValue()).isZero();

    Map<String, JsonNode> rows = new HashMap<>();
    for (JsonNode row : new ObjectMapper().readTree(Files.readString(json))) {
      rows.put(row.get("a").asText() + ":" + row.get("b").asText(), row);
    }
    assertThat(rows).hasSize(12);
    for (String pair :
        new String[] {"cone:cone", "cone:prc", "cone:sym", "prc:prc", "hairpin:hairpin"}) {
      JsonNode row = rows.get(pair);
      assertThat(row.get("connected").asBoolean()).as(pair + ": " + row).isTrue();
      assertThat(row.get("audio_ok").asBoolean()).as(pair + " audio").isTrue();
      assertThat(row.get("pair").asText()).as(pair + " path").doesNotContain("relay");
      assertThat(row.get("connect_ms").asLong()).isPositive();
    }
  }
}
