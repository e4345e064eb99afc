package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.audio.WavFile;
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
 * {@code listen} and {@code call} as two real processes through three rendezvous nodes: Ctrl-C
 * (SIGINT) or SIGTERM on either side hangs the call up, the other side's call ends with {@code
 * remote_hangup} within a second, and the signalled side writes its report, JSON and recording and
 * exits with the call's exit code.
 */
class SignalHangupTest {
  private static final Duration START = CliLab.START;

  @TempDir Path dir;
  private CliLab lab;
  private String bob;

  @BeforeEach
  void overlayAndIdentities() throws Exception {
    lab = new CliLab(dir);
    lab.startOverlay();
    lab.identity("alice");
    bob = lab.identity("bob").peerId().toString();
    WavFile.write(dir.resolve("speech.wav"), SpeechSample.load());
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  private CliProcess listener(String... more) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("--json", lab.path("bob.json"), "--record", lab.path("bob.wav")));
    args.addAll(List.of(more));
    return lab.listen("bob", args.toArray(String[]::new));
  }

  private CliProcess caller(String json, String wav) throws Exception {
    return caller(json, wav, "120");
  }

  private CliProcess caller(String json, String wav, String seconds) throws Exception {
    return lab.peervoice(
        lab.as(
            "alice",
            "call",
            bob,
            "--play",
            lab.path("speech.wav"),
            "--seconds",
            seconds,
            "--json",
            lab.path(json),
            "--record",
            lab.path(wav)));
  }

  /** Both sides print "answered" lines; then RTCP needs a report interval to show audio came. */
  private static void talking(CliProcess caller, CliProcess listener) {
    CliProcess.Line answered = caller.await(l -> l.startsWith("answered;"), START);
    listener.await(l -> l.startsWith("answered;"), Duration.ofSeconds(10));
    await()
        .pollDelay(Duration.ofMillis(2_500))
        .until(() -> System.currentTimeMillis() - answered.atMillis() >= 2_500);
  }

  private JsonNode json(String name) throws Exception {
    return lab.json(name);
  }

  @Test
  void aCallerWhosePeerVanishedReportsPeerVanishedAndExitsSix() throws Exception {
    CliProcess listener = listener("--auto-answer");
    CliProcess caller = caller("alice.json", "alice.wav", "9");
    talking(caller, listener);

    listener.signal("KILL"); // no hang-up can come: the process is gone
    assertThat(caller.exitCode(Duration.ofSeconds(60)))
        .as("a call whose peer vanished is no success: %s", caller.texts())
        .isEqualTo(ExitCodes.MEDIA_FAILED);
    assertThat(caller.texts()).anyMatch(l -> l.contains("ended: peer_vanished"));
    assertThat(json("alice.json").at("/end/reason").asText()).isEqualTo("peer_vanished");
  }

  @Test
  void ctrlCOnTheCallerHangsUpAndTheListenerSeesRemoteHangupWithinASecond() throws Exception {
    CliProcess listener = listener("--auto-answer");
    CliProcess caller = caller("alice.json", "alice.wav");
    talking(caller, listener);

    long signalled = caller.signal("INT");
    CliProcess.Line peerEnd =
        listener.await(l -> l.contains("ended: remote_hangup"), Duration.ofSeconds(5));
    assertThat(caller.exitCode(Duration.ofSeconds(10)))
        .as("a connected call with audio both ways, hung up by Ctrl-C: %s", caller.texts())
        .isEqualTo(ExitCodes.OK);
    long millis = peerEnd.atMillis() - signalled;
    System.out.printf("caller Ctrl-C -> listener's remote_hangup: %d ms%n", millis);
    assertThat(millis).as("Ctrl-C to the peer's end").isLessThanOrEqualTo(1_000);
    assertThat(caller.texts())
        .anyMatch(l -> l.startsWith("hanging up"))
        .anyMatch(l -> l.contains("ended: local_hangup after"))
        .anyMatch(l -> l.equals("Wrote what we heard to " + dir.resolve("alice.wav")));
    JsonNode a = json("alice.json");
    assertThat(a.at("/end/reason").asText()).isEqualTo("local_hangup");
    assertThat(a.at("/audio/received_frames").asLong()).isPositive();
    assertThat(Files.size(dir.resolve("alice.wav"))).isGreaterThan(48_000 * 2);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Files.exists(dir.resolve("bob.json")) && jsonReason("bob.json") != null);
    assertThat(jsonReason("bob.json")).isEqualTo("remote_hangup");

    listener.signal("INT");
    assertThat(listener.exitCode(Duration.ofSeconds(10)))
        .as("a listener stopped with all its calls fine: %s", listener.texts())
        .isEqualTo(ExitCodes.OK);
    assertThat(listener.texts()).contains("Wrote what we heard to " + dir.resolve("bob.wav"));
  }

  @Test
  void sigtermOrCtrlCOnTheListenerHangsUpAndTheCallerSeesRemoteHangupWithinASecond()
      throws Exception {
    for (String signal : new String[] {"TERM", "INT"}) {
      Files.deleteIfExists(dir.resolve("bob.json"));
      Files.deleteIfExists(dir.resolve("bob.wav"));
      CliProcess listener = listener("--auto-answer");
      CliProcess caller = caller("alice-" + signal + ".json", "alice-" + signal + ".wav");
      talking(caller, listener);

      long signalled = listener.signal(signal);
      CliProcess.Line peerEnd =
          caller.await(l -> l.contains("ended: remote_hangup"), Duration.ofSeconds(5));
      long millis = peerEnd.atMillis() - signalled;
      System.out.printf("listener SIG%s -> caller's remote_hangup: %d ms%n", signal, millis);
      assertThat(millis).as("SIG%s to the peer's end", signal).isLessThanOrEqualTo(1_000);
      assertThat(listener.exitCode(Duration.ofSeconds(10)))
          .as("listener: %s", listener.texts())
          .isEqualTo(ExitCodes.OK);
      assertThat(caller.exitCode(Duration.ofSeconds(10)))
          .as("caller: %s", caller.texts())
          .isEqualTo(ExitCodes.OK);
      assertThat(listener.texts())
          .anyMatch(l -> l.startsWith("stopping: hanging up 1 call"))
          .anyMatch(l -> l.contains("ended: local_hangup after"))
          .contains("Wrote what we heard to " + dir.resolve("bob.wav"));
      assertThat(jsonReason("bob.json")).isEqualTo("local_hangup");
      assertThat(jsonReason("alice-" + signal + ".json")).isEqualTo("remote_hangup");
      assertThat(Files.size(dir.resolve("bob.wav"))).isGreaterThan(48_000 * 2);
    }
  }

  @Test
  void withoutATerminalTheListenerDeclinesAtOnceAndSaysWhy() throws Exception {
    CliProcess listener = listener("--calls", "1");
    CliProcess caller = caller("alice.json", "alice.wav");
    CliProcess.Line declined = caller.await(l -> l.contains("ended: declined"), START);
    CliProcess.Line rang = listener.await(l -> l.startsWith("incoming call from"), START);
    assertThat(declined.atMillis() - rang.atMillis()).isLessThan(2_000);
    assertThat(listener.texts()).contains("declined: no terminal to ask; use --auto-answer");
    assertThat(caller.exitCode(Duration.ofSeconds(10))).isEqualTo(ExitCodes.NOT_ANSWERED);
    assertThat(listener.exitCode(Duration.ofSeconds(10)))
        .as("declining is our choice, not a failure: %s", listener.texts())
        .isEqualTo(ExitCodes.OK);
    assertThat(caller.texts())
        .as("an unanswered call has no duration and no -1 figures")
        .anyMatch(l -> l.matches("Call outgoing to \\S+ ended: declined; not answered \\(rang .*"))
        .noneMatch(l -> l.contains("-1 ms") || l.contains("after 0.0 s"));
    JsonNode a = json("alice.json");
    assertThat(a.at("/call/answered").asBoolean()).isFalse();
    assertThat(a.at("/end/reason").asText()).isEqualTo("declined");
  }

  private String jsonReason(String name) throws Exception {
    if (!Files.exists(dir.resolve(name)) || Files.size(dir.resolve(name)) == 0) {
      return null;
    }
    return json(name).at("/end/reason").asText(null);
  }
}
