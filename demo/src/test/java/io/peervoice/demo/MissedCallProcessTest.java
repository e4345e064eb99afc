package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.audio.WavFile;
import io.peervoice.signaling.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S6 missed, through the command line in real processes: two {@code node} processes; bob listens
 * once and goes away; alice's {@code call} is not answered and leaves a note with text and a voice
 * message; bob's next {@code listen} prints the missed call and writes it in {@code missed[]}.
 */
class MissedCallProcessTest {
  private static final Duration START = CliLab.START;

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
    return lab.peervoice(args);
  }

  private static String address(CliProcess node) {
    String line = node.await(l -> l.contains(" listening on "), START).text();
    return line.substring(line.lastIndexOf(' ') + 1);
  }

  @Test
  void aCallerLeavesANoteThatTheCalleeSeesWhenItListensAgain() throws Exception {
    String first = address(node());
    lab.bootstrap(first + "," + address(node(first)));
    Identity alice = lab.identity("alice");
    Identity bob = lab.identity("bob");
    WavFile.write(dir.resolve("speech.wav"), SpeechSample.load());

    CliProcess once = lab.listen("bob");
    once.signal("TERM");
    assertThat(once.exitCode(Duration.ofSeconds(20))).isZero();

    CliProcess call =
        lab.peervoice(
            lab.as(
                "alice",
                "call",
                bob.peerId().toString(),
                "--play",
                lab.path("speech.wav"),
                "--note",
                "call me back",
                "--voice-note",
                "2",
                "--json",
                lab.path("alice.json")));
    call.await(l -> l.startsWith("left a missed-call note (held by 2 node(s))"), START);
    assertThat(call.exitCode(Duration.ofSeconds(20))).isEqualTo(ExitCodes.UNREACHABLE);
    JsonNode left = lab.json("alice.json");
    assertThat(left.path("missed_note").path("left").asBoolean()).isTrue();
    assertThat(left.path("missed_note").path("nodes").asInt()).isEqualTo(2);

    Path bobJson = dir.resolve("bob.json");
    Path notes = Files.createDirectory(dir.resolve("notes"));
    CliProcess again =
        lab.peervoice(
            lab.as(
                "bob", "listen", "--json", bobJson.toString(), "--voice-notes", notes.toString()));
    String line = again.await(l -> l.startsWith("missed call from "), START).text();
    assertThat(line)
        .startsWith("missed call from " + alice.peerId() + " at ")
        .contains(": \"call me back\"")
        .contains("(voice 2.0 s, ")
        .contains("; saved to " + notes.resolve("missed-"));
    // S8: the voice message as a WAV file: 2 s at 48 kHz, the caller's speech (8 kb/s Opus)
    Path wav;
    try (var files = Files.list(notes)) {
      wav = files.filter(f -> f.toString().endsWith(".wav")).findFirst().orElseThrow();
    }
    assertThat(wav.getFileName().toString())
        .matches("missed-\\d{8}T\\d{6}Z-" + alice.peerId().toString().substring(0, 8) + "\\.wav");
    io.peervoice.media.audio.PcmClip voice = WavFile.read(wav);
    assertThat(voice.sampleRate()).isEqualTo(48_000);
    assertThat(voice.samples()).hasSize(2 * 48_000);
    io.peervoice.media.audio.PcmClip source = SpeechSample.load();
    io.peervoice.media.audio.PcmClip head =
        new io.peervoice.media.audio.PcmClip(
            48_000, java.util.Arrays.copyOf(source.resampledTo48k().samples(), 2 * 48_000));
    assertThat(io.peervoice.media.audio.EnvelopeSimilarity.compare(head, voice, 100).correlation())
        .as("the saved voice is the caller's speech")
        .isGreaterThan(0.8);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.isRegularFile(bobJson) && Files.size(bobJson) > 0);
    JsonNode missed = lab.json("bob.json").path("missed");
    assertThat(missed.size()).isEqualTo(1);
    assertThat(missed.get(0).path("from").asText()).isEqualTo(alice.peerId().toString());
    assertThat(missed.get(0).path("text").asText()).isEqualTo("call me back");
    assertThat(missed.get(0).path("voice_ms").asLong()).isEqualTo(2_000);
    assertThat(missed.get(0).path("voice_bytes").asInt()).isBetween(100, 15 * 1024);
    assertThat(missed.get(0).path("time").asText()).endsWith("Z");
    assertThat(missed.get(0).path("voice_file").asText()).isEqualTo(wav.toString());
  }
}
