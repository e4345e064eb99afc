package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.audio.WavFile;
import io.peervoice.signaling.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S6 missed, through the command line in real processes: two {@code node} processes; bob listens
 * once and goes away; alice's {@code call} is not answered and leaves a note with text and a voice
 * message; bob's next {@code listen} prints the missed call and writes it in {@code missed[]}.
 */
class MissedCallProcessTest {
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final List<CliProcess> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(CliProcess::close);
  }

  private CliProcess peervoice(String... args) throws Exception {
    CliProcess p = CliProcess.start(List.of(args));
    processes.add(p);
    return p;
  }

  private CliProcess node(String... bootstrap) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "node",
                "--listen",
                "127.0.0.1:0",
                "--per-ip-quota",
                "4096",
                "--signature-rate",
                "2000",
                "--max-per-subnet",
                "0",
                "--node-id-work",
                "0"));
    if (bootstrap.length > 0) {
      args.addAll(List.of("--bootstrap", bootstrap[0]));
    }
    return peervoice(args.toArray(String[]::new));
  }

  private static String address(CliProcess node) {
    String line = node.await(l -> l.contains(" listening on "), START).text();
    return line.substring(line.lastIndexOf(' ') + 1);
  }

  @Test
  void aCallerLeavesANoteThatTheCalleeSeesWhenItListensAgain() throws Exception {
    String first = address(node());
    String bootstrap = first + "," + address(node(first));
    SecureRandom random = new SecureRandom();
    Identity alice = Identity.generate(random);
    alice.save(dir.resolve("alice.id"));
    Identity bob = Identity.generate(random);
    bob.save(dir.resolve("bob.id"));
    WavFile.write(dir.resolve("speech.wav"), SpeechSample.load());
    String bobId = dir.resolve("bob.id").toString();

    CliProcess once = peervoice("listen", "--id-file", bobId, "--bootstrap", bootstrap);
    once.await(l -> l.startsWith("ready "), START);
    once.signal("TERM");
    assertThat(once.exitCode(Duration.ofSeconds(20))).isZero();

    CliProcess call =
        peervoice(
            "call",
            bob.peerId().toString(),
            "--id-file",
            dir.resolve("alice.id").toString(),
            "--bootstrap",
            bootstrap,
            "--play",
            dir.resolve("speech.wav").toString(),
            "--note",
            "call me back",
            "--voice-note",
            "2",
            "--json",
            dir.resolve("alice.json").toString());
    call.await(l -> l.startsWith("left a missed-call note (held by 2 node(s))"), START);
    assertThat(call.exitCode(Duration.ofSeconds(20))).isEqualTo(ExitCodes.UNREACHABLE);
    JsonNode left = new ObjectMapper().readTree(dir.resolve("alice.json").toFile());
    assertThat(left.path("missed_note").path("left").asBoolean()).isTrue();
    assertThat(left.path("missed_note").path("nodes").asInt()).isEqualTo(2);

    Path bobJson = dir.resolve("bob.json");
    CliProcess again =
        peervoice(
            "listen", "--id-file", bobId, "--bootstrap", bootstrap, "--json", bobJson.toString());
    String line = again.await(l -> l.startsWith("missed call from "), START).text();
    assertThat(line)
        .startsWith("missed call from " + alice.peerId() + " at ")
        .contains(": \"call me back\"")
        .contains("(voice 2.0 s, ");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.isRegularFile(bobJson) && Files.size(bobJson) > 0);
    JsonNode missed = new ObjectMapper().readTree(bobJson.toFile()).path("missed");
    assertThat(missed.size()).isEqualTo(1);
    assertThat(missed.get(0).path("from").asText()).isEqualTo(alice.peerId().toString());
    assertThat(missed.get(0).path("text").asText()).isEqualTo("call me back");
    assertThat(missed.get(0).path("voice_ms").asLong()).isEqualTo(2_000);
    assertThat(missed.get(0).path("voice_bytes").asInt()).isBetween(100, 15 * 1024);
    assertThat(missed.get(0).path("time").asText()).endsWith("Z");
  }
}
