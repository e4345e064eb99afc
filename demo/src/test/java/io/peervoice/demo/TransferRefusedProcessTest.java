package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: a blind transfer the transferee's policy refuses, through the command line in real
 * processes and three rendezvous nodes. Bob's {@code listen} keeps the default {@code
 * --allow-transfer contacts} and alice is no contact of his. Alice's {@code call --transfer carol}
 * prints the refusal with its reason, keeps talking for {@code --seconds}, hangs up and exits 5;
 * her {@code transfer} is {@code refused}/{@code rejected}. Bob prints the refusal and why, and his
 * report's {@code transfer} says {@code refused}. Carol is never called.
 */
class TransferRefusedProcessTest {
  @TempDir Path dir;
  private CliLab lab;

  @BeforeEach
  void lab() {
    lab = new CliLab(dir);
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void aRefusedTransferKeepsTheCallAndBothSidesSaySo() throws Exception {
    lab.startOverlay();
    String alice = lab.identity("alice").peerId().toString();
    String bob = lab.identity("bob").peerId().toString();
    String carol = lab.identity("carol").peerId().toString();
    CliProcess listener =
        lab.listen("bob", "--auto-answer", "--calls", "1", "--json", lab.path("bob.json"));

    CliRun.Result call =
        CliRun.run(
            lab.as(
                    "alice",
                    "call",
                    bob,
                    "--transfer",
                    carol,
                    "--seconds",
                    "1",
                    "--json",
                    lab.path("alice.json"))
                .toArray(String[]::new));
    assertThat(call.exit()).as(call.out() + call.err()).isEqualTo(ExitCodes.NOT_ANSWERED);
    List<String> lines = call.out().lines().toList();
    assertThat(lines)
        .as(call.out())
        .anyMatch(l -> l.matches("transfer to " + carol + ": refused \\(rejected, \\d+ ms\\)"));
    JsonNode a = lab.json("alice.json");
    JsonNode t = a.get("transfer");
    assertThat(fields(t)).as("%s", a).containsExactly("target", "outcome", "reason", "ms");
    assertThat(t.get("target").asText()).isEqualTo(carol);
    assertThat(t.get("outcome").asText()).isEqualTo("refused");
    assertThat(t.get("reason").asText()).isEqualTo("rejected");
    assertThat(t.get("ms").isIntegralNumber()).isTrue();
    assertThat(t.get("ms").asLong()).isBetween(0L, 30_000L);
    // the call went on after the refusal: answered, talked for --seconds, and alice hung up
    assertThat(a.at("/call/answered").asBoolean()).as("%s", a).isTrue();
    assertThat(a.at("/call/duration_ms").asLong()).isGreaterThanOrEqualTo(1000);
    assertThat(a.at("/end/reason").asText()).isEqualTo("local_hangup");
    assertThat(a.at("/audio/received_frames").asLong()).isPositive();

    listener.await(
        l ->
            l.equals(
                "transfer to " + carol + " asked by " + alice + ": refused (--allow-transfer)"),
        Duration.ofSeconds(10));
    assertThat(listener.exitCode(Duration.ofSeconds(30))).as("%s", listener.texts()).isZero();
    JsonNode b = lab.json("bob.json");
    JsonNode bt = b.get("transfer");
    assertThat(fields(bt)).as("%s", b).containsExactly("target", "outcome", "reason");
    assertThat(bt.get("target").asText()).isEqualTo(carol);
    assertThat(bt.get("outcome").asText()).isEqualTo("refused");
    assertThat(bt.get("reason").asText()).isEqualTo("not_allowed");
    assertThat(b.at("/call/peer").asText()).isEqualTo(alice);
    assertThat(b.at("/call/answered").asBoolean()).isTrue();
    assertThat(b.at("/end/reason").asText()).isEqualTo("remote_hangup");
    // bob placed no call: his one call was alice's, and it ended when she hung up
    assertThat(listener.texts())
        .as("%s", listener.texts())
        .anyMatch(l -> l.startsWith("Call incoming from " + alice + " ended: remote_hangup"))
        .noneMatch(l -> l.startsWith("Call outgoing"));
  }
}
