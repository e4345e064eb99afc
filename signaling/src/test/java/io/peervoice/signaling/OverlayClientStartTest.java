package io.peervoice.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OverlayClient#start(java.util.concurrent.CompletionStage, List, InetSocketAddress,
 * Duration, List)}: the socket is bound while the identity is still being made, the attach waits
 * for it.
 */
class OverlayClientStartTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final SecureRandom random = new SecureRandom(new byte[] {15});
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void theSocketIsBoundWhileTheIdentityIsBeingMadeAndTheClientAttachesOnceItIsThere()
      throws Exception {
    RendezvousNode node =
        RendezvousNode.start(
            RendezvousNodeConfig.builder(
                    Identity.generateNode(random, 0), new InetSocketAddress(LOOPBACK, 0))
                .maxPerSubnet(0)
                .nodeIdWork(0)
                .build());
    open.add(node);
    int port = freePort();
    CompletableFuture<Identity> identity = new CompletableFuture<>();

    CompletableFuture<OverlayClient> started =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return OverlayClient.start(
                    identity,
                    List.of(node.address()),
                    new InetSocketAddress(LOOPBACK, port),
                    OverlayClient.DEFAULT_KEEPALIVE,
                    List.of());
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });

    // bound (Netty's start-up under way or done) although there is no identity yet
    await().atMost(Duration.ofSeconds(10)).until(() -> inUse(port));
    assertThat(started).isNotDone(); // no HELLO without the key

    Identity me = Identity.generate(random);
    identity.complete(me);
    OverlayClient client = started.get(10, TimeUnit.SECONDS);
    open.add(client);
    client.awaitReady(Duration.ofSeconds(10));
    assertThat(client.id()).isEqualTo(me.peerId());
    assertThat(client.attachedNodes()).hasSize(1);
  }

  @Test
  void anIdentityThatCannotBeHadFailsTheStartAndFreesTheSocket() throws Exception {
    int port = freePort();
    CompletableFuture<Identity> identity =
        CompletableFuture.failedFuture(new IllegalStateException("no key file"));

    assertThatThrownBy(
            () ->
                OverlayClient.start(
                    identity,
                    List.of(new InetSocketAddress(LOOPBACK, 7400)),
                    new InetSocketAddress(LOOPBACK, port),
                    OverlayClient.DEFAULT_KEEPALIVE,
                    List.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no identity")
        .hasRootCauseMessage("no key file");
    assertThat(inUse(port)).isFalse();
  }

  private static int freePort() throws SocketException {
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      return probe.getLocalPort();
    }
  }

  private static boolean inUse(int port) throws SocketException {
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
      return false;
    } catch (BindException e) {
      return true;
    }
  }
}
