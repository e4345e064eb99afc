package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.audio.WavFile;
import io.peervoice.natives.StreamLimits;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.RendezvousNode;
import io.peervoice.signaling.RendezvousNodeConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's call page, driven as a user would, in real Chromium (issue 16, item 3): two pages of
 * one headless Chromium, each with its own identity, in a network namespace ({@link
 * BrowserNamespace}: Chromium ignores loopback for ICE), load the page from a node in this JVM.
 * Page A is opened with {@code ?call=B}, which fills its peer field and dials nothing; A presses
 * Call, B presses Answer when it rings (a link never places or answers a call), both connect over
 * DTLS-SRTP with Opus, hear each other's fake microphone (packets, audio energy and the peer meter
 * above zero), A's keypad sends DTMF, A's mute button mutes its track, and B's hang-up button ends
 * both calls ({@code web/tools/browser-pair.mjs}).
 */
class BrowserPairCallTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  @Timeout(90)
  void twoPagesCallEachOtherThroughThePageControls(@TempDir Path dir) throws Exception {
    WebTools.assumeBrowser();
    try (BrowserNamespace ns = BrowserNamespace.create();
        RendezvousNode node =
            RendezvousNode.start(
                RendezvousNodeConfig.builder(
                        Identity.generateNode(new SecureRandom(), 0),
                        new InetSocketAddress(ns.hostAddress(), 0))
                    .maxPerSubnet(0)
                    .nodeIdWork(0)
                    .perIpLimits(1000, 1000)
                    .build())) {
      InetSocketAddress web =
          node.serveWeb(
              new InetSocketAddress(ns.hostAddress(), 0), Set.of(), StreamLimits.defaults());
      Path speech = dir.resolve("speech.wav");
      WavFile.write(speech, SpeechSample.load());
      String page = "http://" + ns.hostAddress().getHostAddress() + ":" + web.getPort() + "/";
      Process browser =
          new ProcessBuilder(
                  ns.inside("node", "tools/browser-pair.mjs", page, speech.toString(), "20000"))
              .directory(WebTools.WEB.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try {
        BlockingQueue<JsonNode> lines = WebTools.jsonLines(browser);
        JsonNode b = WebTools.next(lines, "b", WAIT);
        String bId = b.get("peerId").asText();
        assertThat(b.get("link").asText()).isEqualTo(page + "?call=" + bId);
        JsonNode a = WebTools.next(lines, "a", WAIT);
        String aId = a.get("peerId").asText();
        assertThat(a.get("field").asText()).isEqualTo(bId);
        JsonNode connected = WebTools.next(lines, "connected", WAIT);
        assertThat(connected.get("a").asText()).isEqualTo("in call with " + bId);
        assertThat(connected.get("b").asText()).isEqualTo("in call with " + aId);

        JsonNode reports = WebTools.next(lines, "reports", WAIT);
        for (String side : new String[] {"a", "b"}) {
          JsonNode r = reports.get(side);
          assertThat(r.at("/srtp/keying").asText()).isEqualTo("dtls-srtp");
          assertThat(r.at("/srtp/dtls_state").asText()).isEqualTo("connected");
          assertThat(r.at("/srtp/profile").asText()).as(r.toString()).isNotEmpty();
          assertThat(r.at("/audio/codec").asText()).isEqualTo("opus");
          assertThat(r.at("/ice/local_type").asText()).isEqualTo("host");
          assertThat(r.at("/network/packets_received").asLong()).as(r.toString()).isGreaterThan(40);
          assertThat(r.at("/audio/received_frames").asLong()).as(r.toString()).isGreaterThan(40);
          assertThat(r.at("/audio/total_audio_energy").asDouble()).as(r.toString()).isPositive();
          assertThat(r.at("/rtcp/round_trip_time_ms").isNumber()).as(r.toString()).isTrue();
        }
        // the caller is the DTLS server (its offer said actpass, the answer active)
        assertThat(reports.at("/a/srtp/dtls_role").asText()).isEqualTo("server");
        assertThat(reports.at("/b/srtp/dtls_role").asText()).isEqualTo("client");
        assertThat(reports.at("/a/dtmf/sent").asText()).isEqualTo("1#");

        JsonNode shown = WebTools.next(lines, "page", WAIT);
        assertThat(shown.get("micMeter").asDouble()).as(shown.toString()).isPositive();
        assertThat(shown.get("peerMeter").asDouble()).as(shown.toString()).isPositive();
        assertThat(shown.get("reportRows").asInt()).isGreaterThan(10);
        assertThat(shown.get("hangupEnabled").asBoolean()).isTrue();
        JsonNode muted = WebTools.next(lines, "muted", WAIT);
        assertThat(muted.get("button").asText()).isEqualTo("true");
        assertThat(muted.get("track").asBoolean()).isTrue();

        JsonNode ended = WebTools.next(lines, "ended", WAIT);
        assertThat(ended.at("/a/reason").asText()).isEqualTo("REMOTE_HANGUP");
        assertThat(ended.at("/b/reason").asText()).isEqualTo("LOCAL_HANGUP");
        assertThat(browser.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(browser.exitValue()).isZero();
      } finally {
        browser.destroyForcibly();
      }
    }
  }
}
