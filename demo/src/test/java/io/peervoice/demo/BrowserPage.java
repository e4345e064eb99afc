package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.peervoice.natives.StreamLimits;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.RendezvousNode;
import io.peervoice.signaling.RendezvousNodeConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the browser call tests share (S8): a rendezvous node on a {@link BrowserNamespace}'s host
 * address, and real Chromium in the namespace on the page that node serves ({@code
 * web/tools/call-peer.mjs}, the speech sample as its microphone), driven by JSON commands, one a
 * line, and answering with JSON lines; its stderr goes to a log that a failure carries.
 */
final class BrowserPage implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Process process;
  private final BlockingQueue<JsonNode> lines;
  private final String peerId;
  private final Path log;

  private BrowserPage(Process process, BlockingQueue<JsonNode> lines, String peerId, Path log) {
    this.process = process;
    this.lines = lines;
    this.peerId = peerId;
    this.log = log;
  }

  /** A node in this JVM on {@code ns}'s host address, bootstrapped from {@code bootstrap}. */
  static RendezvousNode node(BrowserNamespace ns, List<InetSocketAddress> bootstrap)
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

  /**
   * Serves the page from {@code node} on {@code ns}'s host address and opens it in Chromium inside
   * {@code ns}, with {@code speech} as its microphone and its log in {@code log}; returns once the
   * page attached (its {@code ready} line). A page that does not get there is closed.
   */
  static BrowserPage open(BrowserNamespace ns, RendezvousNode node, Path speech, Path log)
      throws Exception {
    return open(ns, node, speech, log, List.of());
  }

  /** {@link #open(BrowserNamespace, RendezvousNode, Path, Path)}, naming {@code iceServers}. */
  static BrowserPage open(
      BrowserNamespace ns,
      RendezvousNode node,
      Path speech,
      Path log,
      List<io.peervoice.signaling.WebIceServer> iceServers)
      throws Exception {
    InetSocketAddress web =
        node.serveWeb(
            new InetSocketAddress(ns.hostAddress(), 0),
            java.util.Set.of(),
            StreamLimits.defaults(),
            null,
            iceServers);
    String page = "http://" + ns.hostAddress().getHostAddress() + ":" + web.getPort() + "/";
    Process process =
        new ProcessBuilder(
                ns.inside("node", "tools/call-peer.mjs", page, speech.toString(), "20000"))
            .directory(WebTools.WEB.toFile())
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try {
      BlockingQueue<JsonNode> lines = WebTools.jsonLines(process);
      String id = WebTools.next(lines, "ready", WAIT).get("peerId").asText();
      return new BrowserPage(process, lines, id, log);
    } catch (Exception | AssertionError e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** The page's PeerId. */
  String peerId() {
    return peerId;
  }

  /** Sends one command line ({@code format} with {@code args}). */
  void send(String format, Object... args) throws IOException {
    OutputStream commands = process.getOutputStream();
    commands.write((String.format(format, args) + "\n").getBytes(StandardCharsets.UTF_8));
    commands.flush();
  }

  /** The {@code key} object of the page's next line having one ({@link WebTools#next}). */
  JsonNode next(String key) throws InterruptedException {
    return WebTools.next(lines, key, WAIT);
  }

  /** Has the page quit cleanly: exit 0 within {@link #WAIT}. */
  void quit() throws IOException, InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    send("{\"op\":\"quit\"}");
    process.getOutputStream().close();
    assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
  }

  /** {@code e} with {@code context} and the end of the browser's log, for a failure message. */
  static AssertionError withLog(AssertionError e, Path log, String context) throws IOException {
    String said = Files.exists(log) ? Files.readString(log) : "";
    return new AssertionError(
        e.getMessage()
            + context
            + "\nthe browser's log:\n"
            + said.substring(Math.max(0, said.length() - 4000)),
        e);
  }

  /** {@link #withLog(AssertionError, Path, String)} with this page's log. */
  AssertionError withLog(AssertionError e, String context) throws IOException {
    return withLog(e, log, context);
  }

  @Override
  public void close() {
    // the driver's Chromium too: killing the driver alone left its browser running after a test
    // failed before quit() (seen once in a CI rehearsal, 1.5 hours later)
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
