package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.natives.UdpEndpoint;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.RendezvousNode;
import io.peervoice.signaling.RendezvousNodeConfig;
import io.peervoice.signaling.StreamRoute;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientStreams}' default timings (happy eyeballs, UDP first): a short UDP head start, then
 * TCP and TLS dialled together. A real node and endpoint; the client's timers run only when the
 * test runs them, so what is dialled when is seen without waiting on a clock.
 */
class ClientStreamsTimingTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final List<AutoCloseable> open = new ArrayList<>();
  private final HandRunEnv env = new HandRunEnv();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void udpGetsAtMost250MsThenTcpAndTlsAreDialledTogetherAndOneStreamIsKept() throws Exception {
    RendezvousNode node =
        RendezvousNode.start(
            RendezvousNodeConfig.builder(
                    Identity.generateNode(new SecureRandom(), 0),
                    new InetSocketAddress(LOOPBACK, 0))
                .nodeIdWork(0)
                .tcp(new InetSocketAddress(LOOPBACK, 0))
                .tls(new InetSocketAddress(LOOPBACK, 0))
                .build());
    open.add(node);
    UdpEndpoint endpoint =
        UdpEndpoint.bind(new InetSocketAddress(LOOPBACK, 0), (f, d) -> {}, "timing-test");
    open.add(endpoint);
    InetSocketAddress to = node.address();
    ClientStreams streams =
        new ClientStreams(
            env,
            endpoint,
            List.of(
                new StreamRoute(
                    to,
                    node.tcpAddress().get().getPort(),
                    node.tlsAddress().get().getPort(),
                    null,
                    node.id())),
            StreamTiming.defaults(),
            address -> true); // UDP dropped
    open.add(() -> onLoop(endpoint, streams::close));
    AtomicInteger dialling = new AtomicInteger();
    streams.onDialling(dialling::incrementAndGet);

    onLoop(endpoint, () -> streams.send(to, new byte[] {1, 2, 3}));
    assertThat(env.timers()).singleElement().extracting(HandRunEnv.Timer::delay).isEqualTo(250L);
    assertThat(dialling).hasValue(0); // the stream warm-up may still run during UDP's head start

    onLoop(endpoint, () -> env.run(250)); // UDP's head start ends
    assertThat(env.timers()).isEmpty(); // no stagger: TLS did not wait on a timer
    assertThat(dialling).hasValue(1); // told once for the race (the warm-up gives way)

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                node.tcpCounters().get().accepted() == 1
                    && node.tlsCounters().get().accepted() == 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !transport(endpoint, streams, to).equals("udp"));
    // the loser is closed: one stream stays open
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.tcpCounters().get().open() + node.tlsCounters().get().open() == 1);
  }

  private static void onLoop(UdpEndpoint endpoint, Runnable r) throws Exception {
    CompletableFuture.runAsync(r, endpoint.loop()).get(5, TimeUnit.SECONDS);
  }

  private static String transport(UdpEndpoint endpoint, ClientStreams streams, InetSocketAddress to)
      throws Exception {
    return CompletableFuture.supplyAsync(() -> streams.transportTo(to), endpoint.loop())
        .get(5, TimeUnit.SECONDS);
  }
}
