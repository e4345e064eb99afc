package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code peervoice lab-peer}s, relay-only, through a real coturn reached over TCP (it has no
 * UDP listener): the call connects relay to relay, the callee hears the speech, and both results
 * name the relay transport ({@code relay_transport: tcp}) as the NAT lab's rows and call reports
 * ({@code ice.relay_transport}) do.
 */
class LabPeerRelayTest {
  private static StreamCoturn coturn;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        StreamCoturn.installed(), "coturn is not installed (Debian: apt-get install coturn)");
    String relayHost = StreamCoturn.relayHost().orElse(null);
    assumeTrue(relayHost != null, "no IPv4 interface besides loopback");
    coturn = StreamCoturn.start(relayHost, Files.createTempDirectory("lab-coturn"));
  }

  @AfterAll
  static void stop() {
    if (coturn != null) {
      coturn.close();
    }
  }

  @Test
  void aRelayOnlyCallOverTurnTcpNamesItsTransport(@TempDir Path dir) throws Exception {
    String turn =
        StreamCoturn.USER
            + ":"
            + StreamCoturn.PASSWORD
            + "@turn:127.0.0.1:"
            + coturn.tcpPort
            + "?transport=tcp";
    Cli callee = new Cli();
    CompletableFuture<Integer> answering =
        CompletableFuture.supplyAsync(
            () ->
                callee.run(
                    "lab-peer",
                    "--role",
                    "callee",
                    "--dir",
                    dir.toString(),
                    "--turn",
                    turn,
                    "--relay-only",
                    "--seconds",
                    "2",
                    "--json",
                    dir.resolve("callee.json").toString()));
    Cli caller = new Cli();
    int code =
        caller.run(
            "lab-peer",
            "--role",
            "caller",
            "--dir",
            dir.toString(),
            "--turn",
            turn,
            "--relay-only",
            "--seconds",
            "2",
            "--json",
            dir.resolve("caller.json").toString());
    assertThat(code).as("caller: %s %s", caller.out, caller.err).isZero();
    assertThat(answering.get(60, TimeUnit.SECONDS)).as("callee: %s", callee.err).isZero();
    ObjectMapper json = new ObjectMapper();
    JsonNode heard = json.readTree(dir.resolve("callee.json").toFile());
    JsonNode talked = json.readTree(dir.resolve("caller.json").toFile());
    assertThat(heard.get("pair").asText()).as("%s", heard).isEqualTo("relay-relay");
    assertThat(heard.get("relay_transport").asText()).isEqualTo("tcp");
    assertThat(talked.get("relay_transport").asText()).isEqualTo("tcp");
    assertThat(heard.has("relay_rtt_ms")).isTrue();
    assertThat(heard.get("audio_ok").asBoolean()).as("%s", heard).isTrue();
    assertThat(heard.get("answer_to_first_audio_ms").asLong()).isPositive();
  }
}
