package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeAndOverlayCommandTest {

  @Test
  void benchOverlayPrintsAndWritesTheFiguresUnderTheirContractNames(@TempDir Path dir)
      throws Exception {
    Cli cli = new Cli();
    Path json = dir.resolve("overlay.json");
    int code =
        cli.run("bench", "overlay", "--nodes", "30", "--kill", "20", "--json", json.toString());
    assertThat(code).as(cli.err.toString()).isZero();
    assertThat(cli.out.toString()).contains("lookup_success_pct").contains("after killing 6 nodes");
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    for (String field :
        new String[] {
          "lookup_success_pct", "hops_mean", "hops_p95", "lookup_ms_p50", "lookup_ms_p95"
        }) {
      assertThat(r.has(field)).as(field).isTrue();
    }
    assertThat(r.get("nodes").asInt()).isEqualTo(30);
    assertThat(r.get("lookup_success_pct").asDouble()).isGreaterThanOrEqualTo(99.0);
  }

  @Test
  void badOptionsAreRefusedWithAClearMessage() {
    Cli cli = new Cli();
    assertThat(cli.run("bench", "overlay", "--nodes", "1")).isEqualTo(2);
    assertThat(cli.err.toString()).contains("--nodes >= 2");
    Cli node = new Cli();
    assertThat(node.run("node", "--listen", "nohost")).isNotZero();
    assertThat(node.err.toString()).contains("expected HOST:PORT");
  }

  @Test
  void aNodeRefusesAnIdentityWithoutTheNodeIdWork(@TempDir Path dir) throws Exception {
    io.peervoice.signaling.Identity plain;
    do {
      plain = io.peervoice.signaling.Identity.generate(new java.security.SecureRandom());
    } while (plain.peerId().nodeIdWork() >= 12);
    Path file = dir.resolve("peer.id");
    plain.save(file);
    Cli node = new Cli();
    assertThat(node.run("node", "--listen", "127.0.0.1:0", "--id-file", file.toString()))
        .isEqualTo(2);
    assertThat(node.err.toString()).contains("bits of node id work, the overlay asks for 12");
  }
}
