package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peervoice.natives.StreamLimits;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.OverlayClient;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.RendezvousNode;
import io.peervoice.signaling.RendezvousNodeConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real browser as an overlay peer (issue 16): a node in this JVM serves the web client and its
 * WebSocket on real sockets; Debian's headless Chromium, driven by puppeteer-core ({@code
 * web/tools/browser-peer.mjs}), loads the page from it, attaches and publishes its record; a Java
 * {@link OverlayClient} on the same node looks the browser's PeerId up and checks its record, and
 * sealed, signed messages go both ways: the browser's reaches Java (its signature checked by {@code
 * SealedMessage.open}), Java's reaches the browser (checked there) and comes back echoed. Skipped,
 * saying why, only where Chromium, node or the npm packages are missing outside CI.
 */
class BrowserPeerTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Duration WAIT = Duration.ofSeconds(30);

  record Received(PeerId from, String text) {}

  @Test
  @Timeout(90)
  void browserAttachesPublishesAndExchangesSealedMessagesWithAJavaPeer() throws Exception {
    WebTools.assumeBrowser();
    BlockingQueue<Received> atJava = new LinkedBlockingQueue<>();
    try (RendezvousNode node =
            RendezvousNode.start(
                RendezvousNodeConfig.builder(
                        Identity.generateNode(new SecureRandom(), 0),
                        new InetSocketAddress(LOOPBACK, 0))
                    .maxPerSubnet(0)
                    .nodeIdWork(0)
                    .perIpLimits(1000, 1000)
                    .build());
        OverlayClient java =
            OverlayClient.start(Identity.generate(new SecureRandom()), List.of(node.address()))) {
      InetSocketAddress web =
          node.serveWeb(new InetSocketAddress(LOOPBACK, 0), Set.of(), StreamLimits.defaults());
      java.onMessage(
          (from, payload) ->
              atJava.add(new Received(from.peerId(), new String(payload, StandardCharsets.UTF_8))));
      java.awaitReady(Duration.ofSeconds(10));

      Process browser =
          new ProcessBuilder(
                  "node",
                  "tools/browser-peer.mjs",
                  "http://127.0.0.1:" + web.getPort() + "/",
                  java.id().toString(),
                  "20000")
              .directory(WebTools.WEB.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try {
        BlockingQueue<JsonNode> lines = WebTools.jsonLines(browser);
        JsonNode page = WebTools.next(lines, "page", WAIT);
        assertThat(page.get("status").asInt()).isEqualTo(200);
        assertThat(page.get("csp").asText()).contains("script-src 'self'");
        JsonNode ready = WebTools.next(lines, "ready", WAIT);
        PeerId browserId = PeerId.parse(ready.get("peerId").asText());
        assertThat(ready.get("node").asText()).isEqualTo(node.id().toString());
        assertThat(ready.get("replicas").asInt()).isGreaterThanOrEqualTo(1);

        // Java finds the browser's record, signed by the browser, naming this node
        LocationRecord record = java.lookup(browserId).get(10, TimeUnit.SECONDS);
        assertThat(record).isNotNull();
        assertThat(record.peer()).isEqualTo(browserId);
        assertThat(record.nodes()).hasSize(1);
        assertThat(record.nodes().get(0).node()).isEqualTo(node.id());
        assertThat(record.nodes().get(0).port()).isEqualTo(node.address().getPort());

        // the browser found Java's record
        JsonNode lookup = WebTools.next(lines, "lookup", WAIT);
        assertThat(lookup.get("peerId").asText()).isEqualTo(java.id().toString());

        // Java -> browser, acknowledged by the browser through the node
        java.send(browserId, "hello browser".getBytes(StandardCharsets.UTF_8))
            .get(10, TimeUnit.SECONDS);

        List<Received> got = new ArrayList<>();
        while (got.size() < 2) {
          Received r = atJava.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          assertThat(r).as("messages from the browser so far: %s", got).isNotNull();
          got.add(r);
        }
        assertThat(got)
            .containsExactlyInAnyOrder(
                new Received(browserId, "hello from the browser"),
                new Received(browserId, "echo:hello browser"));

        JsonNode received = WebTools.next(lines, "received", WAIT);
        assertThat(received.toString())
            .contains("\"from\":\"" + java.id() + "\"", "\"text\":\"hello browser\"")
            .contains("\"echoed\":\"hello browser\"");
        WebTools.next(lines, "done", WAIT);
        assertThat(browser.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(browser.exitValue()).isZero();
        assertThat(node.webCounters().orElseThrow().framesIn()).isGreaterThanOrEqualTo(6);
      } finally {
        browser.destroyForcibly();
      }
    }
  }
}
