package io.peervoice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.media.audio.EnvelopeSimilarity;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.audio.WavFile;
import io.peervoice.signaling.Identity;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code peervoice node} processes and two phones as separate processes ({@code peervoice
 * listen} and {@code peervoice call}): a call with speech, DTMF both ways, hold and resume, and a
 * hang-up, checked from both reports and the recording.
 */
class TwoProcessCallTest {
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<Process> phones = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process p : phones) {
      p.destroyForcibly();
    }
    for (NodeProcess n : nodes) {
      n.close();
    }
  }

  private Process peervoice(List<String> args, List<String> output) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + "/bin/java");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.peervoice.demo.PeerVoiceCli");
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    phones.add(p);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  output.add(line);
                }
              } catch (java.io.IOException e) {
                // process gone
              }
            });
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  @Test
  void twoPhoneProcessesTalkThroughThreeNodeProcesses(@TempDir Path dir) throws Exception {
    nodes.add(NodeProcess.start(List.of()));
    nodes.add(NodeProcess.start(List.of(nodes.get(0).address())));
    nodes.add(NodeProcess.start(List.of(nodes.get(0).address())));
    String bootstrap =
        nodes.stream()
            .map(NodeProcess::address)
            .map(a -> "127.0.0.1:" + a.getPort())
            .collect(Collectors.joining(","));
    SecureRandom random = new SecureRandom();
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    alice.save(dir.resolve("alice.id"));
    bob.save(dir.resolve("bob.id"));
    Path speech = dir.resolve("speech.wav");
    WavFile.write(speech, SpeechSample.load());

    List<String> bobOut = new CopyOnWriteArrayList<>();
    Process listener =
        peervoice(
            List.of(
                "listen",
                "--id-file",
                dir.resolve("bob.id").toString(),
                "--bootstrap",
                bootstrap,
                "--auto-answer",
                "--calls",
                "1",
                "--dtmf",
                "9",
                "--record",
                dir.resolve("bob.wav").toString(),
                "--json",
                dir.resolve("bob.json").toString()),
            bobOut);
    CompletableFuture.runAsync(
            () -> {
              while (bobOut.stream().noneMatch(l -> l.startsWith("ready "))) {
                Thread.onSpinWait();
              }
            })
        .get(60, TimeUnit.SECONDS);
    assertThat(bobOut).contains("ready " + bob.peerId());

    List<String> aliceOut = new CopyOnWriteArrayList<>();
    Process caller =
        peervoice(
            List.of(
                "call",
                bob.peerId().toString(),
                "--id-file",
                dir.resolve("alice.id").toString(),
                "--bootstrap",
                bootstrap,
                "--play",
                speech.toString(),
                "--seconds",
                "6",
                "--hold",
                "1.5",
                "--dtmf",
                "12#",
                "--record",
                dir.resolve("alice.wav").toString(),
                "--json",
                dir.resolve("alice.json").toString()),
            aliceOut);
    assertThat(caller.waitFor(90, TimeUnit.SECONDS)).as("call finished: %s", aliceOut).isTrue();
    assertThat(caller.exitValue()).as("call: %s", aliceOut).isZero();
    assertThat(listener.waitFor(30, TimeUnit.SECONDS)).as("listen finished: %s", bobOut).isTrue();
    assertThat(listener.exitValue()).as("listen: %s", bobOut).isZero();

    JsonNode a = new ObjectMapper().readTree(dir.resolve("alice.json").toFile());
    JsonNode b = new ObjectMapper().readTree(dir.resolve("bob.json").toFile());
    assertThat(a.at("/setup/dial_to_ringing_ms").asLong()).isBetween(0L, 10_000L);
    assertThat(a.at("/setup/answer_to_first_audio_ms").asLong()).isBetween(0L, 5_000L);
    assertThat(b.at("/setup/answer_to_first_audio_ms").asLong()).isBetween(0L, 5_000L);
    for (JsonNode r : List.of(a, b)) {
      assertThat(r.at("/ice/local_type").asText()).isIn("host", "srflx", "relay", "prflx");
      assertThat(r.at("/ice/remote_type").asText()).isIn("host", "srflx", "relay", "prflx");
      assertThat(r.at("/srtp/profile").asText()).isEqualTo("AEAD_AES_128_GCM");
      assertThat(r.at("/srtp/rejected_packets").asLong()).isZero();
      assertThat(r.at("/audio/sent_frames").asLong()).isBetween(250L, 450L);
      assertThat(r.at("/audio/received_frames").asLong()).isGreaterThan(200L);
      assertThat(r.at("/rtcp/reports_received").asLong()).isPositive();
      assertThat(r.at("/quality/mos").asDouble()).isGreaterThan(3.0);
    }
    assertThat(a.at("/end/reason").asText()).isEqualTo("local_hangup");
    assertThat(b.at("/end/reason").asText()).isEqualTo("remote_hangup");
    assertThat(a.at("/dtmf/received").asText()).isEqualTo("9");
    assertThat(b.at("/dtmf/received").asText()).isEqualTo("12#");
    assertThat(bobOut).contains("the caller put us on hold", "the caller resumed");

    PcmClip heard = WavFile.read(dir.resolve("bob.wav"));
    PcmClip sample = SpeechSample.load();
    // after the DTMF digits (which replace audio while they play), before the hold
    PcmClip spoken =
        new PcmClip(
            48_000, Arrays.copyOfRange(sample.samples(), 48_000 * 7 / 10, 48_000 * 22 / 10));
    PcmClip start =
        new PcmClip(
            48_000, Arrays.copyOf(heard.samples(), Math.min(heard.samples().length, 48_000 * 3)));
    EnvelopeSimilarity.Result match = EnvelopeSimilarity.compare(spoken, start, 2_000);
    assertThat(match.correlation())
        .as("bob heard alice's speech (lag %d ms)", match.lagMillis())
        .isGreaterThan(0.8);
  }
}
