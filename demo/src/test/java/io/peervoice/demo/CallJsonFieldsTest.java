package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.signaling.Identity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --json} reports of {@code call} and {@code listen} carry every field of the demo's
 * report (the README promises they share them), for an answered call and for one never answered
 * (whose unmeasured fields are null, not missing).
 */
class CallJsonFieldsTest {
  /** Fields only the demo can fill: its scripted answer, its own nodes, both ends in one report. */
  private static final Set<String> DEMO_ONLY =
      Set.of(
          "setup.answer_delay_ms",
          "overlay.nodes",
          "audio.return_sent_frames",
          "audio.return_received_frames");

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void callAndListenReportsHaveTheDemoReportsFields(@TempDir Path dir) throws Exception {
    Cli demo = new Cli();
    assertThat(
            demo.run(
                "demo",
                "--seconds",
                "1",
                "--json",
                dir.resolve("demo.json").toString(),
                "--out",
                dir.resolve("demo.wav").toString()))
        .as(demo.err.toString())
        .isZero();
    Set<String> wanted = new TreeSet<>(paths(json.readTree(dir.resolve("demo.json").toFile())));
    wanted.removeAll(DEMO_ONLY);
    assertThat(wanted)
        .as("the README's list")
        .contains(
            "setup.dial_to_ringing_ms",
            "setup.answer_to_first_audio_ms",
            "ice.local_type",
            "ice.remote_type",
            "ice.relay_transport",
            "ice.relay_rtt_ms",
            "network.stalls",
            "network.stall_ms_max",
            "network.stall_ms_total",
            "srtp.profile",
            "audio.sent_frames",
            "audio.received_frames",
            "audio.concealed_frames",
            "rtcp.packets_lost",
            "quality.mos",
            "audio_processing.engine",
            "audio_processing.echo_delay_ms",
            "audio_processing.erle_db",
            "end.reason");

    try (CliLab lab = new CliLab(dir)) {
      lab.startOverlay();
      lab.identity("alice");
      Identity bob = lab.identity("bob");
      for (boolean answer : new boolean[] {true, false}) {
        List<String> listenArgs =
            new ArrayList<>(List.of("--calls", "1", "--json", lab.path("bob.json")));
        if (answer) {
          listenArgs.add("--auto-answer");
        }
        CliLab.Running listen = lab.listenHere("bob", listenArgs.toArray(String[]::new));
        Cli call = new Cli();
        int code =
            call.run(
                lab.as(
                        "alice",
                        "call",
                        bob.peerId().toString(),
                        "--seconds",
                        "3",
                        "--json",
                        lab.path("alice.json"))
                    .toArray(String[]::new));
        assertThat(listen.exit().get(30, TimeUnit.SECONDS))
            .as(listen.cli().out.toString())
            .isZero();
        assertThat(code)
            .as(call.out.toString())
            .isEqualTo(answer ? ExitCodes.OK : ExitCodes.NOT_ANSWERED);
        for (String side : new String[] {"alice.json", "bob.json"}) {
          JsonNode r = lab.json(side);
          assertThat(paths(r)).as("%s, answered %s: %s", side, answer, r).containsAll(wanted);
          assertThat(r.at("/call/answered").asBoolean()).isEqualTo(answer);
          assertThat(r.at("/end/reason").asText())
              .isIn(answer ? Set.of("local_hangup", "remote_hangup") : Set.of("declined"));
          if (!answer) {
            assertThat(r.at("/quality/mos").isNull()).as("not measured: null").isTrue();
            assertThat(r.at("/audio/received_frames").asLong()).isZero();
          }
        }
      }
    }
  }

  /** Every leaf's dotted path. */
  private static Set<String> paths(JsonNode root) {
    Set<String> out = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> section = it.next();
      if (section.getValue().isObject()) {
        section.getValue().fieldNames().forEachRemaining(f -> out.add(section.getKey() + "." + f));
      } else {
        out.add(section.getKey());
      }
    }
    return out;
  }
}
