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
 * Issue 17 (telephony beyond two parties, the command line): a conference in which one added peer
 * never joins, through real processes and three rendezvous nodes. Alice's {@code call bob --add
 * carol --add dave} hosts it; bob and carol answer, dave's {@code listen --dnd --presence everyone}
 * answers busy. The conference goes on with the three who joined; the host prints one line saying
 * dave did not join and why, exits 5 (not answered: a peer she asked for is missing), and her
 * {@code --json} {@code conference.participants} is exactly alice (host), bob and carol, while
 * {@code legs} keeps dave's leg with its end reason. A host that exits 0, or lists dave, or prints
 * a bare state ({@code ENDED}) instead of the reason, fails.
 */
class ConferenceMissingProcessTest {
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

  @Test
  void anAddedPeerThatNeverJoinsIsReportedAndTheHostExitsNotAnswered() throws Exception {
    lab.startOverlay();
    String alice = lab.identity("alice").peerId().toString();
    String bob = lab.identity("bob").peerId().toString();
    String carol = lab.identity("carol").peerId().toString();
    String dave = lab.identity("dave").peerId().toString();
    // one after the other: three JVMs attaching at once on a loaded machine miss the 5 s attach
    CliProcess b = lab.listen("bob", "--auto-answer", "--calls", "1");
    CliProcess c = lab.listen("carol", "--auto-answer", "--calls", "1");
    CliProcess d = lab.listen("dave", "--dnd", "--presence", "everyone");

    CliRun.Result call =
        CliRun.run(
            lab.as(
                    "alice",
                    "call",
                    bob,
                    "--add",
                    carol,
                    "--add",
                    dave,
                    "--seconds",
                    "1",
                    "--json",
                    lab.path("host.json"))
                .toArray(String[]::new));
    String output = call.out() + call.err();
    assertThat(call.exit()).as(output).isEqualTo(ExitCodes.NOT_ANSWERED);
    List<String> lines = call.out().lines().toList();
    assertThat(lines)
        .as(output)
        .contains(dave + " did not join: busy (the callee is set to do not disturb)")
        .noneMatch(l -> l.startsWith(carol + " did not join"))
        .anyMatch(l -> l.matches(roster(alice + " \\(host[^)]*\\)", bob, carol)))
        .noneMatch(l -> l.startsWith("conference: ") && l.contains(dave));

    JsonNode host = lab.json("host.json");
    JsonNode conference = host.get("conference");
    assertThat(conference.get("hosted_here").asBoolean()).as("%s", host).isTrue();
    List<String> joined = new ArrayList<>();
    List<Boolean> hosts = new ArrayList<>();
    conference
        .get("participants")
        .forEach(
            p -> {
              joined.add(p.get("peer").asText());
              hosts.add(p.get("host").asBoolean());
            });
    assertThat(joined).as("%s", conference).containsExactly(alice, bob, carol);
    assertThat(hosts).containsExactly(true, false, false);
    List<String> legs = new ArrayList<>();
    conference.get("legs").forEach(l -> legs.add(l.get("peer").asText()));
    assertThat(legs).containsExactly(bob, carol, dave);
    JsonNode daveLeg = conference.get("legs").get(2);
    assertThat(daveLeg.get("end_reason").asText()).isEqualTo("busy");
    assertThat(daveLeg.get("received_frames").asLong()).isZero();
    assertThat(conference.get("legs").get(1).get("received_frames").asLong())
        .as("carol was in the conference")
        .isPositive();
    // the first call itself was fine: answered, hung up by alice after --seconds
    assertThat(host.at("/call/answered").asBoolean()).isTrue();
    assertThat(host.at("/end/reason").asText()).isEqualTo("local_hangup");

    assertThat(b.exitCode(Duration.ofSeconds(20))).as("%s", b.texts()).isZero();
    assertThat(c.exitCode(Duration.ofSeconds(20))).as("%s", c.texts()).isZero();
    d.await(
        l -> l.startsWith("call from " + alice + " refused: do not disturb"),
        Duration.ofSeconds(10));
    assertThat(d.texts()).noneMatch(l -> l.startsWith("incoming call"));
  }

  /** A roster line of exactly these members in this order, each with or without its marks. */
  private static String roster(String host, String... peers) {
    StringBuilder r = new StringBuilder("conference: ").append(host);
    for (String p : peers) {
      r.append(", ").append(p).append("( \\([^)]*\\))?");
    }
    return r.toString();
  }
}
