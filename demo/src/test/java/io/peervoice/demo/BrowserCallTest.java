package io.peervoice.demo;

import static io.peervoice.demo.BrowserCallChecks.assertBrowserHeardMedia;
import static io.peervoice.demo.BrowserCallChecks.assertHeardSpeech;
import static io.peervoice.demo.BrowserCallChecks.assertJavaReport;
import static io.peervoice.demo.BrowserCallChecks.figure;
import static io.peervoice.demo.BrowserCallChecks.id;
import static io.peervoice.demo.BrowserCallChecks.listen;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.demo.BrowserCallChecks.Listener;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.audio.WavFile;
import io.peervoice.signaling.RendezvousNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 *   <li>the page calls {@code listen --auto-answer --webrtc}: the listener hears the speech
 *       (envelope correlation at least 0.8), gets the page's DTMF, reports DTLS-SRTP keying; the
 *       browser's {@code stats()} shows packets and audio energy received; the page hangs up and
 *       both end;
 *   <li>{@code call --webrtc} rings the page, which answers: the same checks the other way round,
 *       and the Java side's hang-up ends the page's call;
 *   <li>(S13, issue 17) the page takes part in a conference a Java phone hosts.
 * </ol>
 */
class BrowserCallTest {
  private static final Duration WAIT = BrowserPage.WAIT;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The page calls {@code listen --auto-answer --webrtc}, sends DTMF and hangs up. */
  @Test
  @Timeout(120)
  void thePageCallsAJavaListener(@TempDir Path dir) throws Exception {
    inABrowser(
        (b, bootstrap, speech) -> {
          Path heard = dir.resolve("listener-heard.wav");
          Path listenJson = dir.resolve("listen.json");
          try (Listener listener = listen(dir, bootstrap, speech, heard, listenJson, true, WAIT)) {
            b.send(
                "{\"op\":\"call\",\"peer\":\"%s\",\"seconds\":3.5,\"dtmf\":\"123\",\"hangup\":true}",
                listener.peerId());
            JsonNode stats = b.next("stats");
            assertBrowserHeardMedia(stats);
            assertThat(stats.at("/dtmf/sent").asText()).isEqualTo("123");
            JsonNode ended = b.next("ended");
            assertThat(ended.get("reason").asText()).isEqualTo("LOCAL_HANGUP");
            listener.exitsZero(WAIT);
            assertThat(listener.output()).contains("remote_hangup");
            JsonNode report = JSON.readTree(listenJson.toFile());
            assertJavaReport(report, "123", listener.output());
            assertHeardSpeech(speech, heard, "the listener");
            figure("page -> listen", stats, report);
            listener.traceIfLogging();
          }
        });
  }

  /** {@code call --webrtc} rings the page, which answers and sends DTMF; Java hangs up. */
  @Test
  @Timeout(120)
  void aJavaCallerRingsThePage(@TempDir Path dir) throws Exception {
    inABrowser(
        (b, bootstrap, speech) -> {
          b.send("{\"op\":\"answer\",\"seconds\":2,\"dtmf\":\"4#\",\"hangup\":false}");
          Path callerHeard = dir.resolve("caller-heard.wav");
          Path callJson = dir.resolve("call.json");
          Cli caller = new Cli();
          int code =
              caller.run(
                  "call",
                  b.peerId(),
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
          JsonNode stats = b.next("stats");
          assertBrowserHeardMedia(stats);
          JsonNode remoteEnd = b.next("ended");
          assertThat(remoteEnd.get("reason").asText()).isEqualTo("REMOTE_HANGUP");
          assertHeardSpeech(speech, callerHeard, "the caller");
          JsonNode report = JSON.readTree(callJson.toFile());
          assertJavaReport(report, "4#", caller);
          figure("call --webrtc -> page", stats, report);
        });
  }

  /**
   * S13 (issue 17): the page as a conference participant. {@code call --webrtc PAGE --add LISTENER}
   * hosts a conference of the page (DTLS-SRTP) and a Java listener (X25519), its own microphone
   * silent: the listener must hear the page's speech (mix-minus: nothing of its own), the page must
   * hear audio (the listener's, the only other sound), and the page's report must carry the host's
   * signed roster, host first, with all three.
   */
  @Test
  @Timeout(120)
  void thePageTakesPartInAConferenceAJavaPhoneHosts(@TempDir Path dir) throws Exception {
    inABrowser(
        (b, bootstrap, speech) -> {
          Path silence = dir.resolve("silence.wav");
          WavFile.write(
              silence, new io.peervoice.media.audio.PcmClip(48_000, new short[48_000 * 12]));
          Path heard = dir.resolve("listener-heard.wav");
          Path listenJson = dir.resolve("listen.json");
          try (Listener listener = listen(dir, bootstrap, speech, heard, listenJson, false, WAIT)) {
            String listenerId = listener.peerId();
            b.send("{\"op\":\"answer\",\"seconds\":5,\"hangup\":false}");
            Path hostJson = dir.resolve("host.json");
            Cli host = new Cli();
            int code =
                host.run(
                    "call",
                    b.peerId(),
                    "--webrtc",
                    "--add",
                    listenerId,
                    "--id-file",
                    id(dir, "host.id"),
                    "--bootstrap",
                    bootstrap,
                    "--play",
                    silence.toString(),
                    "--seconds",
                    "6",
                    "--json",
                    hostJson.toString());
            String context = "\n" + host.out + "\n" + host.err;
            assertThat(code).as(context).isZero();
            JsonNode stats = b.next("stats");
            assertBrowserHeardMedia(stats); // audio energy: the listener's, the host sends silence
            JsonNode roster = stats.at("/conference/participants");
            assertThat(roster.size()).as("the page's roster: %s%s", stats, context).isEqualTo(3);
            assertThat(roster.get(0).get("host").asBoolean()).isTrue();
            java.util.List<String> peers = new java.util.ArrayList<>();
            roster.forEach(m -> peers.add(m.get("peer").asText()));
            assertThat(peers.subList(1, 3)).containsExactlyInAnyOrder(b.peerId(), listenerId);
            assertThat(b.next("ended").get("reason").asText()).isEqualTo("REMOTE_HANGUP");
            listener.exitsZero(WAIT);

            JsonNode hosted = JSON.readTree(hostJson.toFile());
            assertThat(hosted.at("/conference/hosted_here").asBoolean()).as(context).isTrue();
            assertThat(hosted.at("/conference/legs")).hasSize(2);
            assertThat(hosted.at("/conference/mixer/frames_mixed").asLong()).isGreaterThan(100);
            assertThat(hosted.at("/srtp/keying").asText())
                .as("the page's leg")
                .isEqualTo("dtls-srtp");
            JsonNode listened = JSON.readTree(listenJson.toFile());
            assertThat(listened.at("/conference/participants").toString()).contains(b.peerId());
            assertThat(listened.at("/srtp/keying").asText()).isEqualTo("x25519");
            assertHeardSpeech(speech, heard, "the listener, through the conference", 0.7);
          }
        });
  }

  interface Scene {
    void run(BrowserPage browser, String bootstrap, Path speech) throws Exception;
  }

  // one namespace, node and Chromium page for both tests (call-peer.mjs takes one call after
  // another): a Chromium start, a page load and an overlay attach less per test
  @TempDir static Path shared;
  private static BrowserNamespace ns;
  private static RendezvousNode node;
  private static BrowserPage browser;
  private static Path speech;

  /**
   * A namespace, a node in this JVM serving the page on the pair's host address, and Chromium in
   * the namespace on that page ({@link BrowserPage}) with the speech sample as its microphone. What
   * is made is closed again if a later step fails.
   */
  @BeforeAll
  static void startTheBrowser() throws Exception {
    WebTools.assumeBrowser();
    ns = BrowserNamespace.create();
    try {
      node = BrowserPage.node(ns, List.of());
      speech = shared.resolve("speech.wav");
      WavFile.write(speech, SpeechSample.load());
      browser = BrowserPage.open(ns, node, speech, shared.resolve("browser.log"));
    } catch (Exception | AssertionError e) {
      stopTheBrowser();
      throw e;
    }
  }

  /** Has the browser quit cleanly, then closes the node and the namespace. */
  @AfterAll
  static void stopTheBrowser() throws Exception {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (browser != null) {
        browser.close();
        browser = null;
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
  private static void inABrowser(Scene scene) throws Exception {
    try {
      scene.run(browser, HostPort.format(node.address()), speech);
    } catch (AssertionError e) {
      throw BrowserPage.withLog(e, shared.resolve("browser.log"), "");
    }
  }
}
