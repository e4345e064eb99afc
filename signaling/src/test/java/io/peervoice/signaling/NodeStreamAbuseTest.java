package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.natives.StreamLimits;
import io.peervoice.signaling.internal.overlay.NodeStreams;
import io.peervoice.signaling.internal.overlay.StreamTiming;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node's abuse rules over its TCP listener, with raw sockets: the per-IP rate limit applies to
 * frames as to datagrams, a connection is answered without a cookie round trip, the per-IP
 * connection cap holds, an oversized frame ends the connection, and a closed connection takes its
 * attachment with it at once.
 */
class NodeStreamAbuseTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final WireCodec codec = new WireCodec();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private RendezvousNode node(double ratePerSource, int perIp) throws Exception {
    return node(ratePerSource, StreamLimits.defaults().withConnections(100, perIp));
  }

  private RendezvousNode node(double ratePerSource, StreamLimits limits) throws Exception {
    RendezvousNode n =
        RendezvousNode.start(
            RendezvousNodeConfig.builder(
                    Identity.generateNode(new SecureRandom(), 0),
                    new InetSocketAddress(LOOPBACK, 0))
                .nodeIdWork(0)
                .maxPerSubnet(0)
                .ratePerSource(ratePerSource)
                .tcp(new InetSocketAddress(LOOPBACK, 0))
                .streamLimits(limits)
                .metrics(new InetSocketAddress(LOOPBACK, 0))
                .build());
    open.add(n);
    return n;
  }

  private Socket connect(RendezvousNode node) throws IOException {
    Socket s = new Socket();
    s.connect(node.tcpAddress().get(), 2_000);
    s.setSoTimeout(5_000);
    open.add(s);
    return s;
  }

  private void send(Socket s, Msg msg) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(NodeStreams.frame(codec.encode(msg)));
    out.flush();
  }

  private Msg receive(Socket s) throws Exception {
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] body = new byte[in.readUnsignedShort()];
    in.readFully(body);
    return codec.decode(body);
  }

  @Test
  void aStreamPeerIsAnsweredWithoutACookieRoundTrip() throws Exception {
    RendezvousNode node = node(500, 16);
    Socket s = connect(node);
    send(s, new Msg.Ping(7, new byte[0], new byte[0]));
    Msg answer = receive(s);
    assertThat(answer).isInstanceOf(Msg.Pong.class);
    assertThat(answer.tx()).isEqualTo(7);
    Msg.Pong pong = (Msg.Pong) answer;
    assertThat(pong.observedPort()).isEqualTo(s.getLocalPort()); // the connection's own address
    assertThat(node.counts().get("cookie_sent")).isZero();
  }

  @Test
  void aDatagramFromAStreamPeersAddressIsNeitherProvenNorAnsweredDownTheStream() throws Exception {
    RendezvousNode node = node(500, 16);
    Socket s = new Socket();
    s.bind(new InetSocketAddress(LOOPBACK, 0));
    s.connect(node.tcpAddress().get(), 2_000);
    s.setSoTimeout(5_000);
    open.add(s);
    send(s, new Msg.Ping(1, new byte[0], new byte[0]));
    assertThat(receive(s).tx()).isEqualTo(1); // the stream is open and proven

    // another user behind the same NAT may hold the same address and port over UDP
    try (java.net.DatagramSocket udp =
        new java.net.DatagramSocket(new InetSocketAddress(LOOPBACK, s.getLocalPort()))) {
      byte[] ping = codec.encode(new Msg.Ping(5, new byte[0], new byte[0]));
      udp.send(new java.net.DatagramPacket(ping, ping.length, node.address()));
      send(s, new Msg.Ping(9, new byte[0], new byte[0]));

      assertThat(receive(s).tx()).isEqualTo(9); // no answer to the datagram came down the stream
    }
  }

  @Test
  void theRateLimitOfASourceIpAppliesToItsFrames() throws Exception {
    RendezvousNode node = node(20, 16);
    Socket s = connect(node);
    OutputStream out = s.getOutputStream();
    byte[] ping = NodeStreams.frame(codec.encode(new Msg.Ping(1, new byte[0], new byte[0])));
    for (int i = 0; i < 500; i++) {
      out.write(ping);
    }
    out.flush();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> node.counts().get("received") + node.counts().get("rate_limited") >= 500);
    assertThat(node.counts().get("rate_limited")).isGreaterThan(400);
  }

  @Test
  void connectionsPerIpAreCappedAndCountedInMetrics() throws Exception {
    RendezvousNode node = node(500, 2);
    connect(node);
    connect(node);
    Socket third = connect(node);
    assertThat(third.getInputStream().read()).isEqualTo(-1);
    assertThat(node.tcpCounters().get().refusedPerIp()).isEqualTo(1);
    java.net.http.HttpResponse<String> metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:"
                                + node.metricsAddress().get().getPort()
                                + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .containsPattern("peervoice_node_stream_refused_per_ip_total\\{.*transport=\"tcp\".*} 1.0")
        .containsPattern("peervoice_node_stream_open\\{.*transport=\"tcp\".*} 2.0");
  }

  @Test
  void anOversizedFrameEndsTheConnection() throws Exception {
    RendezvousNode node = node(500, 16);
    Socket s = connect(node);
    s.getOutputStream().write(new byte[] {0x08, 0x01}); // 2049: over a datagram's 2048
    s.getOutputStream().flush();
    assertThat(s.getInputStream().read()).isEqualTo(-1);
    assertThat(node.tcpCounters().get().corrupt()).isEqualTo(1);
  }

  /**
   * Slowloris: a connection that sends nothing, or one byte of a frame, is closed once the frame
   * timeout passes (here 300 ms), not held until the 90 s idle timeout.
   */
  @Test
  void aConnectionIdlingOnPartOfAFrameOrOnNothingIsClosed() throws Exception {
    RendezvousNode node =
        node(
            500,
            StreamLimits.defaults()
                .withConnections(100, 16)
                .withFrameTimeout(java.time.Duration.ofMillis(300)));
    Socket silent = connect(node);
    Socket oneByte = connect(node);
    oneByte.getOutputStream().write(0x00);
    oneByte.getOutputStream().flush();
    assertThat(silent.getInputStream().read()).isEqualTo(-1);
    assertThat(oneByte.getInputStream().read()).isEqualTo(-1);
    assertThat(node.tcpCounters().get().idleClosed()).isEqualTo(2);

    Socket whole = connect(node); // a whole frame in time is answered, the connection kept
    send(whole, new Msg.Ping(1, new byte[0], new byte[0]));
    assertThat(receive(whole)).isInstanceOf(Msg.Pong.class);
    assertThat(node.tcpCounters().get().open()).isEqualTo(1);
  }

  @Test
  void aClosedConnectionTakesItsAttachmentWithIt() throws Exception {
    RendezvousNode node = node(500, 16);
    OverlayClient c =
        OverlayClient.start(
            CompletableFuture.completedFuture(Identity.generate(new SecureRandom())),
            List.of(node.address()),
            new InetSocketAddress(LOOPBACK, 0),
            Duration.ofSeconds(25),
            List.of(StreamRoute.of(node.address(), node.tcpAddress().get().getPort(), 0)),
            to -> true,
            StreamTiming.defaults());
    c.awaitReady(Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(3)).until(() -> node.stats().attachments() == 1);
    c.close();
    await().atMost(Duration.ofSeconds(3)).until(() -> node.stats().attachments() == 0);
  }
}
