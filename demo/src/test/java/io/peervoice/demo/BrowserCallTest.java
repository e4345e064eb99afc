package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.media.audio.EnvelopeSimilarity;
import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.audio.WavFile;
import io.peervoice.natives.StreamLimits;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.RendezvousNode;
import io.peervoice.signaling.RendezvousNodeConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebRTC calls between real Chromium and a Java phone (issue 16, item 4). Chromium ignores loopback
 * for ICE, so it runs in a network namespace joined to this one by a veth pair ({@link
 * BrowserNamespace}); the rendezvous node (in this JVM) serves the page and its WebSocket on the
 * pair's host address, and the Java phone is the CLI ({@code listen} and {@code call --webrtc}) in
 * this JVM. Chromium's fake microphone plays the speech sample; so does the Java phone. Both ways:
 *
 * <ol>
 *   <li>the page calls {@code listen --auto-answer}: the listener hears the speech (envelope
 *       correlation at least 0.8), gets the page's DTMF, reports DTLS-SRTP keying; the browser's
 *       {@code stats()} shows packets and audio energy received; the page hangs up and both end;
 *   <li>{@code call --webrtc} rings the page, which answers: the same checks the other way round,
 *       and the Java side's hang-up ends the page's call.
 * </ol>
 */
class BrowserCallTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The page calls {@code listen --auto-answer}, sends DTMF and hangs up. */
  @Test
  @Timeout(120)
  void thePageCallsAJavaListener(@TempDir Path dir) throws Exception {
    inABrowser(
        dir,
        (b, bootstrap, speech) -> {
          Path heard = dir.resolve("listener-heard.wav");
          Path listenJson = dir.resolve("listen.json");
          Cli listener = new Cli();
          CompletableFuture<Integer> listening =
              CompletableFuture.supplyAsync(
                  () ->
                      listener.run(
                          "listen",
                          "--id-file",
                          id(dir, "listener.id"),
                          "--bootstrap",
                          bootstrap,
                          "--auto-answer",
                          "--calls",
                          "1",
                          "--play",
                          speech.toString(),
                          "--record",
                          heard.toString(),
                          "--json",
                          listenJson.toString()));
          await().atMost(WAIT).until(() -> listener.out.toString().contains("ready "));
          send(
              b.commands,
              "{\"op\":\"call\",\"peer\":\"%s\",\"seconds\":3.5,\"dtmf\":\"123\",\"hangup\":true}",
              readyPeer(listener));
          JsonNode stats = WebTools.next(b.lines, "stats", WAIT);
          assertBrowserHeardMedia(stats);
          assertThat(stats.at("/dtmf/sent").asText()).isEqualTo("123");
          JsonNode ended = WebTools.next(b.lines, "ended", WAIT);
          assertThat(ended.get("reason").asText()).isEqualTo("LOCAL_HANGUP");
          assertThat(listening.get(WAIT.toSeconds(), TimeUnit.SECONDS))
              .as(listener.out + "\n" + listener.err)
              .isZero();
          assertThat(listener.out.toString()).contains("remote_hangup");
          assertJavaReport(JSON.readTree(listenJson.toFile()), "123", listener);
          assertHeardSpeech(speech, heard, "the listener");
        });
  }

  /** {@code call --webrtc} rings the page, which answers and sends DTMF; Java hangs up. */
  @Test
  @Timeout(120)
  void aJavaCallerRingsThePage(@TempDir Path dir) throws Exception {
    inABrowser(
        dir,
        (b, bootstrap, speech) -> {
          send(b.commands, "{\"op\":\"answer\",\"seconds\":2,\"dtmf\":\"4#\",\"hangup\":false}");
          Path callerHeard = dir.resolve("caller-heard.wav");
          Path callJson = dir.resolve("call.json");
          Cli caller = new Cli();
          int code =
              caller.run(
                  "call",
                  b.peerId,
                  "--webrtc",
                  "--id-file",
                  id(dir, "caller.id"),
                  "--bootstrap",
                  bootstrap,
                  "--play",
                  speech.toString(),
                  "--record",
                  callerHeard.toString(),
                  "--seconds",
                  "3.5",
                  "--json",
                  callJson.toString());
          assertThat(code).as(caller.out + "\n" + caller.err).isZero();
          JsonNode stats = WebTools.next(b.lines, "stats", WAIT);
          assertBrowserHeardMedia(stats);
          JsonNode remoteEnd = WebTools.next(b.lines, "ended", WAIT);
          assertThat(remoteEnd.get("reason").asText()).isEqualTo("REMOTE_HANGUP");
          assertHeardSpeech(speech, callerHeard, "the caller");
          assertJavaReport(JSON.readTree(callJson.toFile()), "4#", caller);
        });
  }

  /** The browser's process: its commands, its output lines, its PeerId. */
  record Browser(OutputStream commands, BlockingQueue<JsonNode> lines, String peerId) {}

  interface Scene {
    void run(Browser browser, String bootstrap, Path speech) throws Exception;
  }

  // one namespace, node and Chromium page for both tests (call-peer.mjs takes one call after
  // another): a Chromium start, a page load and an overlay attach less per test
  @TempDir static Path shared;
  private static BrowserNamespace ns;
  private static RendezvousNode node;
  private static Process process;
  private static Browser browser;
  private static Path speech;

  /**
   * A namespace, a node in this JVM serving the page on the pair's host address, and Chromium in
   * the namespace on that page ({@code web/tools/call-peer.mjs}) with the speech sample as its
   * microphone. What is made is closed again if a later step fails.
   */
  @BeforeAll
  static void startTheBrowser() throws Exception {
    WebTools.assumeBrowser();
    ns = BrowserNamespace.create();
    try {
      node =
          RendezvousNode.start(
              RendezvousNodeConfig.builder(
                      Identity.generateNode(new SecureRandom(), 0),
                      new InetSocketAddress(ns.hostAddress(), 0))
                  .maxPerSubnet(0)
                  .nodeIdWork(0)
                  .perIpLimits(1000, 1000)
                  .build());
      InetSocketAddress web =
          node.serveWeb(
              new InetSocketAddress(ns.hostAddress(), 0), Set.of(), StreamLimits.defaults());
      speech = shared.resolve("speech.wav");
      WavFile.write(speech, SpeechSample.load());
      String page = "http://" + ns.hostAddress().getHostAddress() + ":" + web.getPort() + "/";
      process =
          new ProcessBuilder(
                  ns.inside("node", "tools/call-peer.mjs", page, speech.toString(), "20000"))
              .directory(WebTools.WEB.toFile())
              .redirectError(
                  ProcessBuilder.Redirect.appendTo(shared.resolve("browser.log").toFile()))
              .start();
      BlockingQueue<JsonNode> lines = WebTools.jsonLines(process);
      String browserId = WebTools.next(lines, "ready", WAIT).get("peerId").asText();
      browser = new Browser(process.getOutputStream(), lines, browserId);
    } catch (Exception | AssertionError e) {
      stopTheBrowser();
      throw e;
    }
  }

  /** Has the browser quit cleanly, then closes the node and the namespace. */
  @AfterAll
  static void stopTheBrowser() throws Exception {
    try {
      if (process != null && browser != null && process.isAlive()) {
        send(browser.commands(), "{\"op\":\"quit\"}");
        browser.commands().close();
        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
      }
    } finally {
      if (process != null) {
        process.destroyForcibly();
        process = null;
      }
      if (node != null) {
        node.close();
        node = null;
      }
      if (ns != null) {
        ns.close();
        ns = null;
      }
    }
  }

  /** Runs {@code scene} with the shared browser; a failure carries the browser's log. */
  private static void inABrowser(Path dir, Scene scene) throws Exception {
    try {
      scene.run(browser, HostPort.format(node.address()), speech);
    } catch (AssertionError e) {
      Path log = shared.resolve("browser.log");
      String said = java.nio.file.Files.exists(log) ? java.nio.file.Files.readString(log) : "";
      throw new AssertionError(
          e.getMessage()
              + "\nthe browser's log:\n"
              + said.substring(Math.max(0, said.length() - 4000)),
          e);
    }
  }

  /** A new identity file in {@code dir}. */
  static String id(Path dir, String name) {
    Path file = dir.resolve(name);
    assertThat(new Cli().run("id", "new", "--file", file.toString())).isZero();
    return file.toString();
  }

  static void send(OutputStream commands, String format, Object... args) throws IOException {
    commands.write((String.format(format, args) + "\n").getBytes(StandardCharsets.UTF_8));
    commands.flush();
  }

  static String readyPeer(Cli cli) {
    return cli.out
        .toString()
        .lines()
        .filter(l -> l.startsWith("ready "))
        .findFirst()
        .orElseThrow()
        .substring("ready ".length())
        .trim();
  }

  /** The browser's report: DTLS-SRTP, Opus, packets and audio energy received. */
  static void assertBrowserHeardMedia(JsonNode stats) {
    assertThat(stats.at("/srtp/keying").asText()).isEqualTo("dtls-srtp");
    assertThat(stats.at("/srtp/dtls_state").asText()).as(stats.toString()).isEqualTo("connected");
    assertThat(stats.at("/srtp/profile").asText())
        .isIn("AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80");
    assertThat(stats.at("/audio/codec").asText()).isEqualTo("opus");
    assertThat(stats.at("/network/packets_received").asLong())
        .as(stats.toString())
        .isGreaterThan(40);
    assertThat(stats.at("/audio/total_audio_energy").asDouble())
        .as(stats.toString())
        .isGreaterThan(0);
  }

  /** The Java phone's report: DTLS-SRTP keying, audio decoded, the page's DTMF. */
  static void assertJavaReport(JsonNode report, String digits, Cli cli) {
    String context = report + "\n" + cli.out + "\n" + cli.err;
    assertThat(report.at("/srtp/profile").asText())
        .isIn("AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80");
    assertThat(report.at("/audio/received_frames").asLong()).as(context).isGreaterThan(40);
    assertThat(report.at("/dtmf/received").asText()).as(context).isEqualTo(digits);
    assertThat(report.at("/srtp/keying").asText()).as(context).isEqualTo("dtls-srtp");
    // S7 webmedia: the browser's receiver reports are matched to our stream
    assertThat(report.at("/rtcp/reports_received").asLong()).as(context).isPositive();
    assertThat(report.at("/end/peer_packets_received").asLong()).as(context).isGreaterThan(40);
    assertThat(report.at("/end/audio_both_ways").asBoolean()).as(context).isTrue();
    assertThat(report.at("/rtcp/remote_jitter_ms").isNumber()).as(context).isTrue();
    assertThat(report.at("/rtcp/remote_packets_lost").isNumber()).as(context).isTrue();
    assertThat(cli.out.toString()).doesNotContain("did not flow");
  }

  /**
   * What a Java phone recorded is Chromium's fake microphone, the speech sample: envelope
   * correlation at least 0.8 (Chromium started the file at getUserMedia, so the recording may be
   * ahead of or behind the sample's start: both are searched).
   */
  static void assertHeardSpeech(Path speech, Path heard, String who) throws IOException {
    PcmClip sample = WavFile.read(speech);
    PcmClip whole = WavFile.read(heard);
    // the first half second is the jitter buffer filling and Chromium's gain control settling
    int skip = Math.min(whole.samples().length, whole.sampleRate() / 2);
    PcmClip recorded =
        new PcmClip(
            whole.sampleRate(),
            java.util.Arrays.copyOfRange(whole.samples(), skip, whole.samples().length));
    EnvelopeSimilarity.Result late = EnvelopeSimilarity.compare(sample, recorded, 3_000);
    EnvelopeSimilarity.Result early = EnvelopeSimilarity.compare(recorded, sample, 3_000);
    double best = Math.max(late.correlation(), early.correlation());
    assertThat(best)
        .as("%s heard the browser's speech (late %s, early %s)", who, late, early)
        .isGreaterThanOrEqualTo(0.8);
  }
}
