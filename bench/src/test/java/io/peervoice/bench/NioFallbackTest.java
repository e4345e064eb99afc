package io.peervoice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.OverlayClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without the native transport a node says so, runs on NIO, and serves peers all the same. */
class NioFallbackTest {

  @Test
  void aNodeWithoutEpollRunsOnNioAndSaysSo() throws Exception {
    try (NodeProcess epoll = NodeProcess.start(List.of());
        NodeProcess nio =
            NodeProcess.start(
                List.of(epoll.address()),
                List.of(),
                List.of("-Dio.netty.transport.noNative=true"))) {
      assertThat(epoll.startupLines()).anyMatch(l -> l.startsWith("transport epoll"));
      assertThat(nio.startupLines()).anyMatch(l -> l.startsWith("transport nio"));
      try (OverlayClient client =
          OverlayClient.start(Identity.generate(new SecureRandom()), List.of(nio.address()))) {
        client.awaitReady(Duration.ofSeconds(10));
        assertThat(client.attachedNodes()).isNotEmpty();
      }
    }
  }
}
