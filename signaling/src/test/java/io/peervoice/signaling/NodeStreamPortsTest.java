package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.signaling.internal.overlay.NodeStreams;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes name their stream ports: in their PONG (their own) and in NODES answers (those of the nodes
 * they list, learnt from those nodes' PONGs when proving them), so clients learn the ports of nodes
 * they were not told about.
 */
class NodeStreamPortsTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final SecureRandom random = new SecureRandom();
  private final WireCodec codec = new WireCodec();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private RendezvousNode node(List<InetSocketAddress> bootstrap) throws Exception {
    RendezvousNode n =
        RendezvousNode.start(
            RendezvousNodeConfig.builder(
                    Identity.generateNode(random, 0), new InetSocketAddress(LOOPBACK, 0))
                .bootstrap(bootstrap)
                .maxPerSubnet(0)
                .nodeIdWork(0)
                .tcp(new InetSocketAddress(LOOPBACK, 0))
                .tls(new InetSocketAddress(LOOPBACK, 0))
                .build());
    open.add(n);
    return n;
  }

  private Msg ask(Socket s, Msg msg) throws Exception {
    s.getOutputStream().write(NodeStreams.frame(codec.encode(msg)));
    s.getOutputStream().flush();
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] body = new byte[in.readUnsignedShort()];
    in.readFully(body);
    return codec.decode(body);
  }

  @Test
  void aPongNamesTheNodesOwnPortsAndNodesAnswersThoseOfTheNodesListed() throws Exception {
    RendezvousNode a = node(List.of());
    RendezvousNode b = node(List.of(a.address()));
    Socket s = new Socket();
    s.connect(a.tcpAddress().orElseThrow(), 2_000);
    s.setSoTimeout(5_000);
    open.add(s);

    Msg.Pong pong = (Msg.Pong) ask(s, new Msg.Ping(1, new byte[0], new byte[0]));
    assertThat(pong.tcpPort()).isEqualTo(a.tcpAddress().get().getPort());
    assertThat(pong.tlsPort()).isEqualTo(a.tlsAddress().get().getPort());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              Msg.Nodes nodes =
                  (Msg.Nodes) ask(s, new Msg.FindNode(2, b.id().bytes(), new byte[0]));
              return nodes.contacts().stream()
                  .anyMatch(
                      c ->
                          c.port() == b.address().getPort()
                              && c.tcpPort() == b.tcpAddress().get().getPort()
                              && c.tlsPort() == b.tlsAddress().get().getPort());
            });
  }
}
