package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real nodes on loopback UDP (Netty, epoll where available) and real clients. */
class RendezvousNodeTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** Every node of this lab is on 127.0.0.1, one /24: no subnet limit, and a small id work. */
  private static final int LAB_NODE_ID_WORK = 4;

  private final List<AutoCloseable> open = new ArrayList<>();
  private final SecureRandom random = new SecureRandom();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private RendezvousNode node(List<InetSocketAddress> bootstrap, boolean metrics) throws Exception {
    RendezvousNodeConfig.Builder b =
        RendezvousNodeConfig.builder(
                Identity.generateNode(random, LAB_NODE_ID_WORK), new InetSocketAddress(LOOPBACK, 0))
            .bootstrap(bootstrap)
            .maxPerSubnet(0)
            .nodeIdWork(LAB_NODE_ID_WORK);
    if (metrics) {
      b.metrics(new InetSocketAddress(LOOPBACK, 0));
    }
    RendezvousNode n = RendezvousNode.start(b.build());
    open.add(n);
    return n;
  }

  private List<RendezvousNode> overlay(int count) throws Exception {
    List<RendezvousNode> nodes = new ArrayList<>();
    nodes.add(node(List.of(), true));
    for (int i = 1; i < count; i++) {
      nodes.add(node(List.of(nodes.get(0).address()), false));
    }
    return nodes;
  }

  private OverlayClient client(Identity id, List<RendezvousNode> nodes) throws Exception {
    OverlayClient c =
        OverlayClient.start(
            id,
            nodes.stream().map(RendezvousNode::address).toList(),
            new InetSocketAddress(LOOPBACK, 0));
    open.add(c);
    c.awaitReady(Duration.ofSeconds(5));
    return c;
  }

  @Test
  void twoPeersExchangeSealedMessagesThroughThreeNodes() throws Exception {
    List<RendezvousNode> nodes = overlay(3);
    Identity alice = Identity.generate(random);
    Identity bob = Identity.generate(random);
    OverlayClient a = client(alice, nodes);
    OverlayClient b = client(bob, nodes);
    List<String> inbox = new CopyOnWriteArrayList<>();
    b.onMessage(
        (from, payload) ->
            inbox.add(from.peerId() + ":" + new String(payload, StandardCharsets.UTF_8)));

    LocationRecord record = a.lookup(bob.peerId()).get(5, TimeUnit.SECONDS);
    assertThat(record.identity()).isEqualTo(bob.publicIdentity());
    assertThat(record.nodes()).hasSize(2);

    a.send(bob.peerId(), "hi bob".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> inbox.size() == 1);
    assertThat(inbox).containsExactly(alice.peerId() + ":hi bob");
    assertThat(b.reflexiveAddress()).isPresent();

    assertThatThrownBy(() -> a.send(Identity.generate(random).peerId(), new byte[] {1}).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> assertThat(e.reason()).isEqualTo(DeliveryException.Reason.PEER_NOT_FOUND));
  }

  @Test
  void aNodeAnswersStunBindingWithTheReflexiveAddress() throws Exception {
    RendezvousNode n = node(List.of(), false);
    try (DatagramSocket socket = new DatagramSocket(0, LOOPBACK)) {
      socket.setSoTimeout(5_000);
      byte[] request = new byte[20];
      ByteBuffer.wrap(request).putShort((short) 1).putShort((short) 0).putInt(0x2112A442);
      for (int i = 8; i < 20; i++) {
        request[i] = (byte) i;
      }
      socket.send(new DatagramPacket(request, request.length, n.address()));
      byte[] buf = new byte[512];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      socket.receive(p);
      ByteBuffer r = ByteBuffer.wrap(buf, 0, p.getLength());
      assertThat(r.getShort() & 0xFFFF).as("Binding success").isEqualTo(0x0101);
      r.getShort();
      r.getInt();
      byte[] txid = new byte[12];
      r.get(txid);
      assertThat(txid).isEqualTo(java.util.Arrays.copyOfRange(request, 8, 20));
      assertThat(r.getShort() & 0xFFFF).as("XOR-MAPPED-ADDRESS").isEqualTo(0x0020);
      r.getShort();
      r.get();
      assertThat(r.get()).as("IPv4").isEqualTo((byte) 1);
      int port = (r.getShort() & 0xFFFF) ^ 0x2112;
      assertThat(port).isEqualTo(socket.getLocalPort());
    }
    Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> n.stats().stunBindings() == 1);
  }

  @Test
  void metricsAndHealthAreServedOverHttp() throws Exception {
    List<RendezvousNode> nodes = overlay(2);
    RendezvousNode first = nodes.get(0);
    try (DatagramSocket socket = new DatagramSocket(0, LOOPBACK)) {
      socket.send(new DatagramPacket(new byte[] {(byte) 0x82, 0x01}, 2, first.address()));
    }
    Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> first.stats().malformed() == 1);
    InetSocketAddress m = first.metricsAddress().orElseThrow();
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://" + m.getAddress().getHostAddress() + ":" + m.getPort();
    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("peervoice_node_malformed_total")
        .contains("peervoice_node_records");
    assertThat(metrics.body()).containsPattern("peervoice_node_malformed_total\\{[^}]*\\} 1\\.0");
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.body()).contains("\"status\":\"up\"").contains(first.id().toString());
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/nope")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void aFloodFromTwentyPortsOfOneIpIsLimitedAsOneSource() throws Exception {
    RendezvousNode n = node(List.of(), false);
    io.peervoice.signaling.internal.wire.WireCodec codec =
        new io.peervoice.signaling.internal.wire.WireCodec();
    List<DatagramSocket> sockets = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int p = 0; p < 20; p++) {
        sockets.add(new DatagramSocket(0, InetAddress.getByName("127.0.0.3")));
      }
      for (int i = 0; i < 100; i++) {
        for (DatagramSocket s : sockets) {
          byte[] hello =
              codec.encode(
                  new io.peervoice.signaling.internal.wire.Msg.Hello(i, new byte[0], new byte[20]));
          s.send(new DatagramPacket(hello, hello.length, n.address()));
        }
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> n.counts().get("received") >= 1_600);
      double seconds = (System.nanoTime() - start) / 1e9;
      long answered = n.counts().get("cookie_sent");
      assertThat(n.counts().get("rate_limited")).isPositive();
      assertThat((double) answered)
          .as("one IP's burst (1,000) plus 500/s, whatever the number of ports")
          .isLessThanOrEqualTo(1_000 + 500 * seconds + 1);
    } finally {
      sockets.forEach(DatagramSocket::close);
    }
  }
}
