package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.RendezvousNode;
import io.peervoice.signaling.RendezvousNodeConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The start-up probe counts a node's stream port only once a node answered there: a listener that
 * merely accepts (a web server, a captive portal) is no answer.
 */
class BootstrapProbeStreamTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** A UDP address nobody answers: only the stream port can answer for the node. */
  private static InetSocketAddress silentUdp() throws Exception {
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, LOOPBACK)) {
      return new InetSocketAddress(LOOPBACK, s.getLocalPort());
    }
  }

  @Test
  void aListenerThatOnlyAcceptsIsNoAnswer() throws Exception {
    InetSocketAddress node = silentUdp();
    try (ServerSocket acceptsOnly = new ServerSocket(0, 50, LOOPBACK)) {
      var target =
          new BootstrapProbe.StreamTarget(
              node, new InetSocketAddress(LOOPBACK, acceptsOnly.getLocalPort()), false);
      assertThat(BootstrapProbe.firstAnswer(List.of(), List.of(target), Duration.ofMillis(1_500)))
          .isEmpty();
    }
  }

  @Test
  void aNodesTcpPortIsAnAnswerOfThatNode() throws Exception {
    try (RendezvousNode n =
        RendezvousNode.start(
            RendezvousNodeConfig.builder(
                    Identity.generateNode(new SecureRandom(), 0),
                    new InetSocketAddress(LOOPBACK, 0))
                .maxPerSubnet(0)
                .nodeIdWork(0)
                .tcp(new InetSocketAddress(LOOPBACK, 0))
                .build())) {
      InetSocketAddress node = silentUdp();
      var target = new BootstrapProbe.StreamTarget(node, n.tcpAddress().orElseThrow(), false);
      assertThat(BootstrapProbe.firstAnswer(List.of(), List.of(target), Duration.ofMillis(3_000)))
          .contains(node);
    }
  }
}
