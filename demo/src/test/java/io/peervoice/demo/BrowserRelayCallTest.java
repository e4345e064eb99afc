package io.peervoice.demo;

import static io.peervoice.demo.BrowserCallChecks.assertBrowserHeardMedia;
import static io.peervoice.demo.BrowserCallChecks.assertHeardSpeech;
import static io.peervoice.demo.BrowserCallChecks.assertJavaReport;
import static io.peervoice.demo.BrowserCallChecks.figure;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * S8: real Chromium forced to relay ({@code window.peervoice.relayOnly()}: {@code
 * iceTransportPolicy 'relay'}) through a real coturn its node names in {@code /node.json} ({@link
 * BrowserCoturn} on the namespace's host address) calls {@code listen --auto-answer --webrtc}: the
 * page's selected candidate is its relay, and audio flows both ways through it (the listener hears
 * the page's speech, envelope correlation at least 0.8, and its DTMF; the page receives packets and
 * audio energy; both report DTLS-SRTP). S10: the page talks for 5 s of its own audio (counted in
 * the packets it sent, not wall time), so the listener's recording holds enough speech for a steady
 * correlation under load (3 s of wall time left 3.1-3.7 s recorded, 0.66-0.95).
 */
class BrowserRelayCallTest {
  private static final Duration WAIT = BrowserPage.WAIT;

  @Test
  @Timeout(150)
  void aPageForcedToRelayThroughCoturnTalksWithAJavaListener(@TempDir Path dir) throws Exception {
    WebTools.assumeBrowser();
    Path log = dir.resolve("browser.log");
    RendezvousNode node = null;
    BrowserPage browser = null;
    Listener listener = null;
    try (BrowserNamespace ns = BrowserNamespace.create();
        BrowserCoturn turn = BrowserCoturn.start(ns.hostAddress())) {
      node = BrowserPage.node(ns, List.of());
      Path speech = dir.resolve("speech.wav");
      WavFile.write(speech, SpeechSample.load());
      Path heard = dir.resolve("listener-heard.wav");
      Path listenJson = dir.resolve("listen.json");
      String bootstrap = HostPort.format(node.address());
      listener = listen(dir, bootstrap, speech, heard, listenJson, true, WAIT);
      browser = BrowserPage.open(ns, node, speech, log, List.of(turn.iceServer()));

      browser.send(
          "{\"op\":\"call\",\"peer\":\"%s\",\"seconds\":5,\"dtmf\":\"123\",\"hangup\":true,"
              + "\"relay\":true}",
          listener.peerId());
      JsonNode stats = browser.next("stats");
      assertBrowserHeardMedia(stats);
      assertThat(stats.at("/ice/local_type").asText())
          .as("the page's end of the path: %s", stats.get("ice"))
          .isEqualTo("relay");
      assertThat(browser.next("ended").get("reason").asText()).isEqualTo("LOCAL_HANGUP");
      listener.exitsZero(WAIT);
      assertHeardSpeech(speech, heard, "the listener, through the page's relay");
      JsonNode report = new ObjectMapper().readTree(listenJson.toFile());
      assertJavaReport(report, "123", listener.output());
      assertThat(report.at("/ice/remote_type").asText())
          .as("the Java side sees the page's relay (trickled, or learnt from its checks)")
          .isIn("relay", "prflx");
      figure("relayed page -> listen", stats, report);
      listener.traceIfLogging();
      browser.quit();
    } catch (AssertionError e) {
      throw BrowserPage.withLog(e, log, "");
    } finally {
      if (listener != null) {
        listener.close();
      }
      if (browser != null) {
        browser.close();
      }
      if (node != null) {
        node.close();
      }
    }
  }
}
