package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.audio.WavFile;
import io.peervoice.signaling.LocalOverlay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * What the recording tests share: a {@code listen --auto-answer --play speech.wav} in this JVM
 * through a local overlay, ready, and an identity for callers.
 *
 * @param bootstrap the overlay's node addresses, as {@code --bootstrap} takes them
 * @param callerId a fresh identity file for the calls
 * @param speechFile the speech the listener plays (callers may play it too)
 * @param cli the listener's output
 * @param exit the listener's exit code, once it ends
 * @param peer the listener's PeerId, from its {@code ready} line
 */
record AutoAnswerListener(
    String bootstrap,
    Path callerId,
    Path speechFile,
    Cli cli,
    CompletableFuture<Integer> exit,
    String peer) {

  /**
   * Starts the listener for {@code calls} calls with {@code extra} options, and waits for ready.
   */
  static AutoAnswerListener start(LocalOverlay overlay, Path dir, int calls, String... extra)
      throws Exception {
    String bootstrap =
        overlay.addresses().stream().map(HostPort::format).collect(Collectors.joining(","));
    Path listenerId = dir.resolve("listener.id");
    Path callerId = dir.resolve("caller.id");
    Cli ids = new Cli();
    assertThat(ids.run("id", "new", "--file", listenerId.toString())).isZero();
    assertThat(ids.run("id", "new", "--file", callerId.toString())).isZero();
    Path speechFile = dir.resolve("speech.wav");
    WavFile.write(speechFile, SpeechSample.load());
    List<String> args =
        new ArrayList<>(
            List.of(
                "listen",
                "--id-file",
                listenerId.toString(),
                "--bootstrap",
                bootstrap,
                "--auto-answer",
                "--calls",
                Integer.toString(calls),
                "--play",
                speechFile.toString()));
    args.addAll(List.of(extra));
    Cli listener = new Cli();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> listener.run(args.toArray(String[]::new)));
    await().atMost(Duration.ofSeconds(30)).until(() -> listener.out.toString().contains("ready "));
    String peer =
        listener
            .out
            .toString()
            .lines()
            .filter(l -> l.startsWith("ready "))
            .findFirst()
            .orElseThrow()
            .substring("ready ".length())
            .trim();
    return new AutoAnswerListener(bootstrap, callerId, speechFile, listener, exit, peer);
  }
}
