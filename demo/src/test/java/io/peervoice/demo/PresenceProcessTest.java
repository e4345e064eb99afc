package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peervoice.signaling.Identity;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S6 presence through real processes and three rendezvous nodes: {@code listen --presence everyone
 * --dnd} is probed by {@code probe} (one line, exit 5, {@code do_not_disturb} in its JSON), called
 * by {@code call} (one line saying do not disturb, exit 5, {@code busy}/{@code do_not_disturb} in
 * its JSON); a probe of an offline PeerId says unknown and exits 4. S7 tel: the listener prints the
 * refused call and puts it into its {@code missed[]} with {@code reason} {@code do_not_disturb}
 * (the note the caller leaves after the BUSY with {@code note}).
 */
class PresenceProcessTest {
  @TempDir Path dir;
  private CliLab lab;
  private String bob;
  private String alice;

  @BeforeEach
  void overlayAndIdentities() throws Exception {
    lab = new CliLab(dir);
    lab.startOverlay();
    alice = lab.identity("alice").peerId().toString();
    bob = lab.identity("bob").peerId().toString();
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  private String[] alice(String command, String peer, String json, String... more) {
    List<String> args = lab.as("alice", command, peer, "--json", lab.path(json));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void aListenerSetToDoNotDisturbIsProbedAndCalledAndAnOfflinePeerIsUnknown() throws Exception {
    CliProcess listener =
        lab.listen(
            "bob",
            "--presence",
            "everyone",
            "--dnd",
            "--auto-answer",
            "--json",
            lab.path("listen.json"));
    listener.await(l -> l.equals("do not disturb: calls are answered busy"), Duration.ofSeconds(5));

    CliRun.Result probe = CliRun.run(alice("probe", bob, "probe.json", "--timeout", "10"));
    assertThat(probe.exit()).as(probe.out() + probe.err()).isEqualTo(ExitCodes.NOT_ANSWERED);
    assertThat(probe.out().lines().toList())
        .singleElement()
        .asString()
        .startsWith(bob + " reachable, set to do not disturb: calls are answered busy");
    JsonNode p = lab.json("probe.json").get("presence");
    assertThat(p.get("status").asText()).isEqualTo("do_not_disturb");
    assertThat(p.get("peer").asText()).isEqualTo(bob);
    assertThat(p.get("answered").asBoolean()).isTrue();

    CliRun.Result call = CliRun.run(alice("call", bob, "call.json", "--seconds", "1"));
    assertThat(call.exit()).as(call.out() + call.err()).isEqualTo(ExitCodes.NOT_ANSWERED);
    assertThat(call.out())
        .contains("ended: busy (the callee is set to do not disturb)")
        .doesNotContain("answered; audio");
    JsonNode end = lab.json("call.json").get("end");
    assertThat(end.get("reason").asText()).isEqualTo("busy");
    assertThat(end.get("remote_reason").asText()).isEqualTo("do_not_disturb");
    assertThat(listener.texts()).noneMatch(l -> l.startsWith("incoming call"));
    // S7 tel: the callee learns of the refused call: one line, and missed[] with its reason
    listener.await(
        l -> l.startsWith("call from " + alice + " refused: do not disturb (at "),
        Duration.ofSeconds(5));
    listener.await(l -> l.startsWith("missed call from " + alice), Duration.ofSeconds(10));
    org.awaitility.Awaitility.await() // the file is written just after the line is printed
        .atMost(Duration.ofSeconds(5))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonNode missed = lab.json("listen.json").get("missed");
              assertThat(missed.findValuesAsText("reason"))
                  .containsExactlyInAnyOrder("do_not_disturb", "note");
              assertThat(missed.findValuesAsText("from")).containsOnly(alice);
            });

    String offline = Identity.generate(new SecureRandom()).peerId().toString();
    CliRun.Result unknown = CliRun.run(alice("probe", offline, "offline.json", "--timeout", "0.5"));
    assertThat(unknown.exit()).as(unknown.out() + unknown.err()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(unknown.out().lines().toList())
        .singleElement()
        .asString()
        .isEqualTo(
            offline
                + " unknown: no answer in "
                + unknown.out().replaceAll("(?s).* no answer in ([0-9.]+) s.*", "$1")
                + " s (offline, not allowing us, or asked too often)");
    assertThat(lab.json("offline.json").get("presence").get("status").asText())
        .isEqualTo("unknown");
  }
}
