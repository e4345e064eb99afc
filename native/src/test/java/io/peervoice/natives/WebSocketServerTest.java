package io.peervoice.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pages and WebSockets on one port, on loopback with the JDK's HTTP client and raw sockets: the
 * page table (types, CSP, HEAD, 405, no traversal), binary messages both ways with the length
 * prefix added and dropped, and each rule closing or refusing as its counter says (text messages,
 * oversized messages, Origin, connections per IP, idle timeout).
 */
class WebSocketServerTest {
  private static final InetSocketAddress ANY =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private static final Map<String, WebPage> PAGES =
      Map.of(
          "/index.html",
          new WebPage("text/html; charset=utf-8", "<p>hi</p>".getBytes(StandardCharsets.UTF_8)),
          "/app.js",
          new WebPage("text/javascript; charset=utf-8", "1;".getBytes(StandardCharsets.UTF_8)));

  private final List<AutoCloseable> open = new ArrayList<>();
  private final List<String> frames = new CopyOnWriteArrayList<>();
  private final AtomicInteger closed = new AtomicInteger();
  private final List<String> peers = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** Echoes every frame back, prefix and all. */
  private final StreamServer.Handler echo =
      new StreamServer.Handler() {
        @Override
        public void opened(StreamPeer peer) {
          peers.add(peer.toString());
        }

        @Override
        public void frame(StreamPeer peer, byte[] data, int offset, int length) {
          int declared = (data[offset] & 0xFF) << 8 | (data[offset + 1] & 0xFF);
          assertThat(declared + 2).isEqualTo(length);
          frames.add(new String(data, offset + 2, length - 2, StandardCharsets.UTF_8));
          peer.send(data, offset, length);
        }

        @Override
        public void closed(StreamPeer peer, Throwable cause) {
          closed.incrementAndGet();
        }
      };

  private WebSocketServer server(StreamLimits limits, Set<String> origins) throws IOException {
    return server(limits, origins, PAGES);
  }

  private WebSocketServer server(
      StreamLimits limits, Set<String> origins, Map<String, WebPage> pages) throws IOException {
    UdpEndpoint udp = UdpEndpoint.bind(ANY, (from, data) -> {}, "web-test");
    open.add(udp);
    WebSocketServer s =
        udp.serveWebSockets(
            ANY,
            new WebSettings("/ws", 100, pages, origins, WebSettings.DEFAULT_CSP),
            limits,
            echo);
    open.add(s);
    return s;
  }

  private static URI uri(WebSocketServer s, String scheme, String path) {
    return URI.create(scheme + "://127.0.0.1:" + s.localAddress().getPort() + path);
  }

  /** A WebSocket client that collects binary messages and the close code. */
  private static final class Client implements WebSocket.Listener {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      messages.add(new String(b, StandardCharsets.UTF_8));
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closeCode.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closeCode.complete(-1);
    }
  }

  private WebSocket socket(WebSocketServer s, Client client, String origin) throws Exception {
    WebSocket.Builder b = http.newWebSocketBuilder();
    if (origin != null) {
      b.header("Origin", origin);
    }
    WebSocket ws = b.buildAsync(uri(s, "ws", "/ws"), client).get(5, TimeUnit.SECONDS);
    open.add(() -> ws.abort());
    return ws;
  }

  @Test
  void servesOnlyTheTableWithItsTypesAndHeaders() throws Exception {
    WebSocketServer s = server(StreamLimits.defaults(), Set.of());
    HttpResponse<String> root =
        http.send(
            HttpRequest.newBuilder(uri(s, "http", "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.body()).isEqualTo("<p>hi</p>");
    assertThat(root.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(root.headers().firstValue("content-security-policy"))
        .hasValue(WebSettings.DEFAULT_CSP);
    assertThat(root.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    HttpResponse<String> js =
        http.send(
            HttpRequest.newBuilder(uri(s, "http", "/app.js")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(js.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
    HttpResponse<String> head =
        http.send(
            HttpRequest.newBuilder(uri(s, "http", "/app.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(uri(s, "http", "/"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    for (String path :
        List.of(
            "/../pom.xml", "/%2e%2e/pom.xml", "/..%2fpom.xml", "//etc/passwd", "/index.html/")) {
      assertThat(rawGet(s, path)).as(path).startsWith("HTTP/1.1 404");
    }
  }

  /** A request sent as written: no client normalises its path. */
  private static String rawGet(WebSocketServer s, String path) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(s.localAddress(), 2_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void pipelinedRequestsGetOneAnswerPerConnection() {
    // a client that does not read: no write completes, so every answer given would stay queued
    List<Object> held = new ArrayList<>();
    io.netty.channel.embedded.EmbeddedChannel ch = new io.netty.channel.embedded.EmbeddedChannel();
    ch.pipeline()
        .addFirst(
            new io.netty.channel.ChannelOutboundHandlerAdapter() {
              @Override
              public void write(
                  io.netty.channel.ChannelHandlerContext ctx,
                  Object msg,
                  io.netty.channel.ChannelPromise promise) {
                held.add(msg);
              }
            });
    WebSettings web = new WebSettings("/ws", 100, PAGES, Set.of(), WebSettings.DEFAULT_CSP);
    StreamLimits limits = StreamLimits.defaults();
    WebSocketServer.pipeline(
        ch, web, WebSocketServer.socketConfig(web, limits), new StreamServer.Tally(limits), echo);
    ch.writeInbound(
        io.netty.buffer.Unpooled.wrappedBuffer(
            "GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(100).getBytes(StandardCharsets.US_ASCII)));
    String out =
        held.stream()
            .map(m -> ((io.netty.buffer.ByteBuf) m).toString(StandardCharsets.ISO_8859_1))
            .reduce("", String::concat);
    held.forEach(io.netty.util.ReferenceCountUtil::release);
    ch.finishAndReleaseAll();
    assertThat(out.split("HTTP/1.1 200", -1)).as("one answer queued").hasSize(2);
  }

  @Test
  void aTargetThatOnlyDecodesToTheSocketPathIsRefusedAtOnce() throws Exception {
    // the handshake timeout is longer than the read timeout: a hang fails the read
    WebSocketServer s =
        server(StreamLimits.defaults().withHandshakeTimeout(Duration.ofSeconds(30)), Set.of());
    for (String target : List.of("/ws?x=1", "/%77s", "/ws#", "/ws?")) {
      try (Socket socket = new Socket()) {
        socket.connect(s.localAddress(), 2_000);
        socket.setSoTimeout(5_000);
        OutputStream out = socket.getOutputStream();
        out.write(
            ("GET "
                    + target
                    + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String answer =
            new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(answer).as(target).matches("(?s)HTTP/1\\.1 40[04] .*");
      }
    }
  }

  @Test
  void binaryMessagesReachTheHandlerAsPrefixedFramesAndRepliesLeaveAsMessages() throws Exception {
    WebSocketServer s = server(StreamLimits.defaults(), Set.of());
    Client client = new Client();
    WebSocket ws = socket(s, client, "http://anywhere.example");
    ws.sendBinary(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), true).get();
    ws.sendBinary(ByteBuffer.wrap(new byte[100]), true).get();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.messages.size() == 2);
    assertThat(client.messages.get(0)).isEqualTo("hello");
    assertThat(client.messages.get(1)).hasSize(100);
    assertThat(frames).hasSize(2);
    assertThat(peers).singleElement().asString().startsWith("ws:/127.0.0.1:");
    StreamCounters c = s.counters();
    assertThat(c.open()).isEqualTo(1);
    assertThat(c.framesIn()).isEqualTo(2);
    assertThat(c.framesOut()).isEqualTo(2);
  }

  @Test
  void textAndOversizedMessagesCloseTheConnection() throws Exception {
    WebSocketServer s = server(StreamLimits.defaults(), Set.of());
    Client text = new Client();
    socket(s, text, null).sendText("hello", true).get();
    assertThat(text.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(1003);
    Client big = new Client();
    socket(s, big, null).sendBinary(ByteBuffer.wrap(new byte[101]), true).get();
    assertThat(big.closeCode.get(5, TimeUnit.SECONDS)).isIn(1009, -1, 1006);
    await().atMost(Duration.ofSeconds(5)).until(() -> s.counters().corrupt() == 2);
    assertThat(frames).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> closed.get() == 2);
  }

  @Test
  void onlyAllowedOriginsOpenTheSocket() throws Exception {
    WebSocketServer s = server(StreamLimits.defaults(), Set.of("https://good.example"));
    assertThat(refusal(() -> socket(s, new Client(), "https://evil.example"))).isEqualTo(403);
    assertThat(refusal(() -> socket(s, new Client(), null))).isEqualTo(403);
    Client good = new Client();
    socket(s, good, "https://good.example")
        .sendBinary(ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8)), true)
        .get();
    await().atMost(Duration.ofSeconds(5)).until(() -> good.messages.size() == 1);
  }

  /** The HTTP status with which the server refused the WebSocket handshake. */
  private static int refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable open) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(open);
    assertThat(t).hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
    return ((java.net.http.WebSocketHandshakeException) t.getCause()).getResponse().statusCode();
  }

  @Test
  void connectionsPerIpAreCapped() throws Exception {
    WebSocketServer s = server(StreamLimits.defaults().withConnections(10, 2), Set.of());
    socket(s, new Client(), null);
    socket(s, new Client(), null);
    assertThatThrownBy(() -> socket(s, new Client(), null)).isNotNull();
    assertThat(s.counters().refusedPerIp()).isPositive(); // the client may try twice
  }

  @Test
  void aRequestTrickledInIsCutAtTheHandshakeTimeout() throws Exception {
    WebSocketServer s =
        server(StreamLimits.defaults().withHandshakeTimeout(Duration.ofMillis(400)), Set.of());
    Socket socket = new Socket();
    open.add(socket);
    socket.connect(s.localAddress(), 2_000);
    socket.setSoTimeout(5_000);
    OutputStream out = socket.getOutputStream();
    java.util.concurrent.ScheduledExecutorService trickle =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    open.add(trickle::shutdownNow);
    byte[] request = "GET / HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
    AtomicInteger at = new AtomicInteger();
    trickle.scheduleAtFixedRate(
        () -> {
          try {
            out.write(request[at.getAndIncrement() % request.length]);
            out.flush();
          } catch (IOException e) {
            trickle.shutdown(); // closed by the server
          }
        },
        0,
        50,
        TimeUnit.MILLISECONDS);
    // closed, never answered; without the deadline the 5 s read timeout fires first (a byte every
    // 50 ms keeps the idle timer young, and 8 KiB of request would take 7 minutes)
    assertThat(endOrReset(socket.getInputStream())).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> s.counters().idleClosed() == 1);
  }

  /**
   * Whether the server closed the connection: the end of the stream, or a reset. A client that
   * keeps writing races the close: a byte that reached the server's socket but not the server is
   * unread data, so the kernel answers the close with RST instead of FIN (RFC 1122 §4.2.2.13), and
   * a byte written after the FIN draws RST too; either may reach us before we read the end. A read
   * timeout (the server kept the connection) is no SocketException: it is thrown, a failure.
   */
  private static boolean endOrReset(InputStream in) throws IOException {
    try {
      return in.read() == -1;
    } catch (java.net.SocketException e) {
      if (!String.valueOf(e.getMessage()).contains("reset")) {
        throw e;
      }
      return true;
    }
  }

  @Test
  void anIdleSocketIsClosed() throws Exception {
    WebSocketServer s =
        server(StreamLimits.defaults().withIdleTimeout(Duration.ofMillis(300)), Set.of());
    Client idle = new Client();
    socket(s, idle, null);
    idle.closeCode.get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> s.counters().idleClosed() == 1);
    assertThat(closed.get()).isEqualTo(1);
  }
}
