package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
  private final Cli cli = new Cli();

  @Test
  void reportsInterfacesAndTheNativePiecesInUse(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("d.json");
    assertThat(cli.run("doctor", "--json", json.toString())).isZero();
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertThat(r.at("/native/netty_transport").asText()).isIn("epoll", "nio");
    assertThat(r.at("/native/opus").asText()).startsWith("libopus 1.");
    assertThat(r.at("/native/srtp_aes").asText()).isNotBlank();
    assertThat(r.get("interfaces").isArray()).isTrue();
    assertThat(cli.out.toString()).contains("Native: Netty").contains("NAT: not checked");
  }

  @Test
  void aMalformedTurnServerIsOneClearProblem(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("d.json");
    assertThat(cli.run("doctor", "--turn", "turn.example.org", "--json", json.toString()))
        .isEqualTo(1);
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertThat(r.at("/nat/ok").asBoolean()).isFalse();
    assertThat(cli.out.toString()).contains("NAT: TURN server must be USER:PASSWORD@HOST");
  }
}
