package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code peervoice node --ws-port 0} as users run it: it says where it serves browsers, and serves
 * the web client bundled into the build (its page, its script with a JavaScript type) and {@code
 * /node.json} naming the node; its connections are counted in the node's metrics ({@code
 * transport="ws"}).
 */
class NodeWebCommandTest {
  @Test
  void nodeServesTheBundledWebClient() throws Exception {
    try (CliProcess node =
        CliProcess.start(
            List.of(
                "node",
                "--listen",
                "127.0.0.1:0",
                "--node-id-work",
                "0",
                "--ws-port",
                "0",
                "--metrics-port",
                "0",
                "--ice-server", // S7 webmedia
                "stun:stun.example.org:3478",
                "--ice-server",
                "alice:s3cret@turn:turn.example.org:3478?transport=tcp"))) {
      String line = node.await(l -> l.startsWith("web on http://"), Duration.ofSeconds(20)).text();
      String base =
          line.substring("web on ".length(), line.indexOf('/', "web on http://".length()) + 1);
      String id =
          node.await(l -> l.startsWith("node "), Duration.ofSeconds(1)).text().split(" ")[1];
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(URI.create(base)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("peervoice.js").contains("id=\"peervoice-page\"");
      HttpResponse<String> script =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "peervoice.js")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(script.statusCode()).isEqualTo(200);
      assertThat(script.headers().firstValue("content-type"))
          .hasValue("text/javascript; charset=utf-8");
      HttpResponse<String> facts =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "node.json")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(facts.body()).contains("\"nodeId\":\"" + id + "\"", "\"socketPath\":\"/ws\"");
      assertThat(facts.body())
          .contains(
              "\"iceServers\":[{\"urls\":\"stun:stun.example.org:3478\"},"
                  + "{\"urls\":\"turn:turn.example.org:3478?transport=tcp\","
                  + "\"username\":\"alice\",\"credential\":\"s3cret\"}]");
      String transport = node.await(l -> l.startsWith("transport "), Duration.ofSeconds(1)).text();
      String metrics = transport.substring(transport.indexOf("http://"));
      HttpResponse<String> scrape =
          http.send(
              HttpRequest.newBuilder(URI.create(metrics)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.body())
          .containsPattern("peervoice_node_stream_accepted_total\\{.*transport=\"ws\".*} [3-9]");
    }
  }

  /**
   * S6 wrtcw: {@code --ws-tls-cert/--ws-tls-key} serve the page on https and the WebSocket on wss
   * (a client trusting only the test CA fetches {@code /node.json} and opens {@code /ws}), with no
   * plain-HTTP warning; plain http on that port gets no page.
   */
  @Test
  void nodeServesThePageAndTheSocketOverTls(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path pem = io.peervoice.testkit.TestCa.writePemFiles(dir);
    try (CliProcess node =
        CliProcess.start(
            List.of(
                "node",
                "--listen",
                "127.0.0.1:0",
                "--node-id-work",
                "0",
                "--ws-port",
                "0",
                "--ws-tls-cert",
                pem.resolve("server.pem").toString(),
                "--ws-tls-key",
                pem.resolve("server.key").toString()))) {
      String line = node.await(l -> l.startsWith("web on "), Duration.ofSeconds(20)).text();
      assertThat(line).startsWith("web on https://127.0.0.1:");
      String hostPort = line.substring("web on https://".length(), line.indexOf('/', 15));
      HttpClient https =
          HttpClient.newBuilder()
              .sslContext(io.peervoice.testkit.TestCa.clientContext())
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      HttpResponse<String> facts =
          https.send(
              HttpRequest.newBuilder(URI.create("https://" + hostPort + "/node.json")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(facts.statusCode()).isEqualTo(200);
      assertThat(facts.body()).contains("\"socketPath\":\"/ws\"");
      java.net.http.WebSocket socket =
          https
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("wss://" + hostPort + "/ws"),
                  new java.net.http.WebSocket.Listener() {})
              .get(10, java.util.concurrent.TimeUnit.SECONDS);
      socket.abort();
      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  plain.send(
                      HttpRequest.newBuilder(URI.create("http://" + hostPort + "/"))
                          .timeout(Duration.ofSeconds(5))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(java.io.IOException.class);
      assertThat(String.join("\n", node.texts())).doesNotContain("warning: web on");
    }
  }
}
