package io.peervoice.demo;

import static io.peervoice.demo.BrowserCallTest.assertBrowserHeardMedia;
import static io.peervoice.demo.BrowserCallTest.assertHeardSpeech;
import static io.peervoice.demo.BrowserCallTest.assertJavaReport;
import static io.peervoice.demo.BrowserCallTest.id;
import static io.peervoice.demo.BrowserCallTest.readyPeer;
import static io.peervoice.demo.BrowserCallTest.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.audio.WavFile;
import io.peervoice.natives.StreamLimits;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.RendezvousNode;
import io.peervoice.signaling.RendezvousNodeConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * S7 webroute: real Chromium on a page served by node A calls a {@code listen} attached only to
 * node B, and {@code call --webrtc} bootstrapped from node B rings that page (issue 16, a browser
 * reaching peers on other nodes). The listener attaches while B is alone, so it never learns of A:
 * the page's call messages reach it only through A's FORWARD, and its answers reach the page as
 * ROUTE to A and DELIVER down the WebSocket. The listener hears the page's speech (envelope
 * correlation at least 0.8), gets its DTMF, and both ends report DTLS-SRTP; the page hears the
 * caller. Prints answer to first audio on both sides.
 */
class BrowserCrossNodeCallTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @Timeout(150)
  void aPageOnNodeACallsAListenerOnNodeBAndIsRungFromNodeB(@TempDir Path dir) throws Exception {
    WebTools.assumeBrowser();
    List<RendezvousNode> open = new ArrayList<>();
    Process chromium = null;
    try (BrowserNamespace ns = BrowserNamespace.create()) {
      RendezvousNode b = node(ns, List.of());
      open.add(b);
      Path speech = dir.resolve("speech.wav");
      WavFile.write(speech, SpeechSample.load());
      Path heard = dir.resolve("listener-heard.wav");
      Path listenJson = dir.resolve("listen.json");
      Cli listener = new Cli();
      String onB = HostPort.format(b.address());
      CompletableFuture<Integer> listening =
          CompletableFuture.supplyAsync(
              () ->
                  listener.run(
                      "listen",
                      "--id-file",
                      id(dir, "listener.id"),
                      "--bootstrap",
                      onB,
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

      RendezvousNode a = node(ns, List.of(b.address())); // B learns of A only now
      open.add(a);
      await().atMost(WAIT).until(() -> a.counts().get("node_verified") >= 1);
      InetSocketAddress web =
          a.serveWeb(new InetSocketAddress(ns.hostAddress(), 0), Set.of(), StreamLimits.defaults());
      String page = "http://" + ns.hostAddress().getHostAddress() + ":" + web.getPort() + "/";
      chromium =
          new ProcessBuilder(
                  ns.inside("node", "tools/call-peer.mjs", page, speech.toString(), "20000"))
              .directory(WebTools.WEB.toFile())
              .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("browser.log").toFile()))
              .start();
      BlockingQueue<JsonNode> lines = WebTools.jsonLines(chromium);
      String pageId = WebTools.next(lines, "ready", WAIT).get("peerId").asText();

      // 1. the page calls the listener on B: every message of the page goes through A's FORWARD
      send(
          chromium.getOutputStream(),
          "{\"op\":\"call\",\"peer\":\"%s\",\"seconds\":3,\"dtmf\":\"123\",\"hangup\":true}",
          readyPeer(listener));
      JsonNode stats = WebTools.next(lines, "stats", WAIT);
      assertBrowserHeardMedia(stats);
      assertThat(WebTools.next(lines, "ended", WAIT).get("reason").asText())
          .isEqualTo("LOCAL_HANGUP");
      assertThat(listening.get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .as(listener.out + "\n" + listener.err)
          .isZero();
      assertHeardSpeech(speech, heard, "the listener on node B");
      JsonNode listenReport = JSON.readTree(listenJson.toFile());
      assertJavaReport(listenReport, "123", listener);
      long forwarded = a.counts().get("forwarded");
      assertThat(forwarded).as("the page's messages went through A's FORWARD").isPositive();
      assertThat(b.counts().get("forwarded")).isZero();
      figure("page -> listen on B", stats, listenReport);

      // 2. a phone bootstrapped from B rings the page on A, which answers
      send(
          chromium.getOutputStream(),
          "{\"op\":\"answer\",\"seconds\":2,\"dtmf\":\"4#\",\"hangup\":false}");
      Path callJson = dir.resolve("call.json");
      Path callerHeard = dir.resolve("caller-heard.wav");
      Cli caller = new Cli();
      int code =
          caller.run(
              "call",
              pageId,
              "--webrtc",
              "--id-file",
              id(dir, "caller.id"),
              "--bootstrap",
              onB,
              "--play",
              speech.toString(),
              "--record",
              callerHeard.toString(),
              "--seconds",
              "3",
              "--json",
              callJson.toString());
      assertThat(code).as(caller.out + "\n" + caller.err).isZero();
      JsonNode rung = WebTools.next(lines, "stats", WAIT);
      assertBrowserHeardMedia(rung);
      assertThat(WebTools.next(lines, "ended", WAIT).get("reason").asText())
          .isEqualTo("REMOTE_HANGUP");
      assertHeardSpeech(speech, callerHeard, "the caller on node B");
      JsonNode callReport = JSON.readTree(callJson.toFile());
      assertJavaReport(callReport, "4#", caller);
      figure("call --webrtc from B -> page", rung, callReport);

      send(chromium.getOutputStream(), "{\"op\":\"quit\"}");
      chromium.getOutputStream().close();
      assertThat(chromium.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } catch (AssertionError e) {
      Path log = dir.resolve("browser.log");
      String said = Files.exists(log) ? Files.readString(log) : "";
      throw new AssertionError(
          e.getMessage()
              + "\nnode counters (B, A): "
              + open.stream().map(n -> n.counts().toString()).toList()
              + "\nthe browser's log:\n"
              + said.substring(Math.max(0, said.length() - 4000)),
          e);
    } finally {
      if (chromium != null) {
        chromium.destroyForcibly();
      }
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  private static RendezvousNode node(BrowserNamespace ns, List<InetSocketAddress> bootstrap)
      throws Exception {
    return RendezvousNode.start(
        RendezvousNodeConfig.builder(
                Identity.generateNode(new SecureRandom(), 0),
                new InetSocketAddress(ns.hostAddress(), 0))
            .bootstrap(bootstrap)
            .maxPerSubnet(0)
            .nodeIdWork(0)
            .perIpLimits(1000, 1000)
            .build());
  }

  /** Answer to first audio, browser and Java side, for the closing note's figures. */
  private static void figure(String what, JsonNode browser, JsonNode java) {
    System.out.printf(
        "FIGURE %s: answer->first audio browser %s ms, java %s ms, dtls handshake %s ms%n",
        what,
        browser.at("/setup/answer_to_first_audio_ms").asText(),
        java.at("/setup/answer_to_first_audio_ms").asText(),
        java.at("/srtp/dtls_handshake_ms").asText());
  }
}
