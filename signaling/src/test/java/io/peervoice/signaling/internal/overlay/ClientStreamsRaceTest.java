package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.natives.UdpEndpoint;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.RendezvousNode;
import io.peervoice.signaling.RendezvousNodeConfig;
import io.peervoice.signaling.StreamRoute;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real node and a real endpoint; {@link ClientStreams}' timers are run by hand. The TLS dial goes
 * through a gate that holds the handshake until the test lets it pass, so a dial of the first
 * fallback settles after UDP answered, after UDP went silent again and after a later fallback could
 * have begun: it must not replace (and leak) the stream of another race.
 */
class ClientStreamsRaceTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final byte[] PING = {1, 2, 3};

  private final List<AutoCloseable> open = new ArrayList<>();
  private final HandRunEnv env = new HandRunEnv();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void aDialSettlingAfterUdpAnsweredNeverReplacesAnotherRacesStream() throws Exception {
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
    Gate gate = new Gate(node.tlsAddress().get());
    open.add(gate);
    UdpEndpoint endpoint =
        UdpEndpoint.bind(new InetSocketAddress(LOOPBACK, 0), (f, d) -> {}, "race-test");
    open.add(endpoint);
    InetSocketAddress to = node.address();
    ClientStreams streams =
        new ClientStreams(
            env,
            endpoint,
            List.of(
                new StreamRoute(
                    to, node.tcpAddress().get().getPort(), gate.port(), null, node.id())),
            new StreamTiming(1_000, 250, Duration.ofMinutes(1)),
            address -> true);
    open.add(() -> onLoop(endpoint, streams::close));

    // first race: TCP, then TLS (held at the gate), then UDP answers before TCP settles
    onLoop(
        endpoint,
        () -> {
          streams.send(to, PING);
          env.run(1_000);
          env.run(250);
          streams.heardOverUdp(to);
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> gate.held() == 1);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> node.tcpCounters().get().accepted() == 1 && node.tcpCounters().get().open() == 0);

    // UDP goes silent again while the TLS dial is still pending; a second fallback may begin
    AtomicInteger secondRaces = new AtomicInteger();
    onLoop(
        endpoint,
        () -> {
          streams.udpSilent(to);
          streams.send(to, PING);
          secondRaces.set(env.run(1_000));
        });
    if (secondRaces.get() > 0) { // a second race began (the fix waits for the first): TCP wins
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> onLoop(endpoint, streams, to).equals("tcp"));
    }

    gate.release(); // the first race's TLS dial now opens, late
    await().atMost(Duration.ofSeconds(5)).until(() -> node.tlsCounters().get().accepted() == 1);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> node.tlsCounters().get().open() == 0); // the late stream is closed
    String transport = onLoop(endpoint, streams, to);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> node.tcpCounters().get().open() == (transport.equals("tcp") ? 1 : 0));
    assertThat(transport).isIn("udp", "tcp");

    // every dial settled: a later silence falls back again, and only one stream is open
    onLoop(
        endpoint,
        () -> {
          streams.send(to, PING);
          env.run(1_000);
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> onLoop(endpoint, streams, to).equals("tcp"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> node.tcpCounters().get().open() + node.tlsCounters().get().open() == 1);
  }

  private static void onLoop(UdpEndpoint endpoint, Runnable r) throws Exception {
    CompletableFuture.runAsync(r, endpoint.loop()).get(5, TimeUnit.SECONDS);
  }

  private static String onLoop(UdpEndpoint endpoint, ClientStreams streams, InetSocketAddress to)
      throws Exception {
    return CompletableFuture.supplyAsync(() -> streams.transportTo(to), endpoint.loop())
        .get(5, TimeUnit.SECONDS);
  }

  /**
   * Accepts TCP connections at once but passes no byte to {@code target} until {@link #release}: a
   * TLS handshake through it hangs until then.
   */
  private static final class Gate implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
    private final InetSocketAddress target;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final List<Socket> all = new CopyOnWriteArrayList<>();

    Gate(InetSocketAddress target) throws IOException {
      this.target = target;
      Thread accepter =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Socket s = server.accept();
                    all.add(s);
                    held.add(s);
                  }
                } catch (IOException closed) {
                  // the gate closed
                }
              },
              "gate-accept");
      accepter.setDaemon(true);
      accepter.start();
    }

    int port() {
      return server.getLocalPort();
    }

    int held() {
      return held.size();
    }

    void release() throws IOException {
      for (Socket client : held) {
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        all.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      }
    }

    private static void pump(Socket from, Socket to) throws IOException {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      Thread t =
          new Thread(
              () -> {
                try {
                  in.transferTo(out);
                } catch (IOException closed) {
                  // one side closed
                } finally {
                  try {
                    from.close();
                    to.close();
                  } catch (IOException ignored) {
                    // already closed
                  }
                }
              },
              "gate-pump");
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : all) {
        s.close();
      }
    }
  }
}
