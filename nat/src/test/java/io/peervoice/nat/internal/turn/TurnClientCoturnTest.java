package io.peervoice.nat.internal.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peervoice.nat.Coturn;
import io.peervoice.nat.TurnServer;
import io.peervoice.natives.MediaLoops;
import io.peervoice.testkit.FakeTimers;
import io.peervoice.testkit.TestCa;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our TURN client over TCP and TLS against a real coturn that serves no UDP: allocation with the
 * 401 challenge, permission, Send/Data indications, channel binding and ChannelData both ways with
 * a UDP peer, release with lifetime 0, refresh on a fake clock, and the reason for a wrong
 * password.
 */
class TurnClientCoturnTest {
  private static Coturn coturn;
  private static MediaLoops loops;
  private static String relayHost;
  private static final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor();

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Coturn.installed(), "coturn is not installed (Debian: apt-get install coturn)");
    relayHost = Coturn.firstIpv4().orElse(null);
    assumeTrue(relayHost != null, "no IPv4 interface besides loopback");
    coturn = Coturn.startStreams(relayHost, false, Files.createTempDirectory("coturn-streams"));
    loops = MediaLoops.create(1, "turn-test");
  }

  @AfterAll
  static void stop() {
    if (coturn != null) {
      coturn.close();
    }
    if (loops != null) {
      loops.close();
    }
    timers.shutdownNow();
  }

  /** Records what the relay delivers. */
  static final class Heard implements TurnClient.Listener {
    final List<String> data = new CopyOnWriteArrayList<>();
    final List<InetSocketAddress> from = new CopyOnWriteArrayList<>();
    final CompletableFuture<String> failed = new CompletableFuture<>();
    final java.util.concurrent.BlockingQueue<Long> arrivals =
        new java.util.concurrent.LinkedBlockingQueue<>();

    @Override
    public void data(InetSocketAddress peer, byte[] d, int offset, int length) {
      arrivals.add(System.nanoTime());
      from.add(peer);
      data.add(new String(d, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void failed(String reason) {
      failed.complete(reason);
    }
  }

  private static TurnClient allocate(
      TurnServer.Transport transport,
      String password,
      ScheduledExecutorService on,
      java.util.function.LongSupplier clock,
      TurnClient.Listener listener)
      throws Exception {
    TurnServer server = coturn.server(transport, password);
    TurnConnector connector =
        new TurnConnector(loops.next(), server, TestCa.clientContext(), Duration.ofSeconds(5));
    return TurnClient.allocate(TurnClientSettings.of(server), connector, on, clock, listener)
        .get(10, TimeUnit.SECONDS);
  }

  private static String receive(DatagramSocket socket, DatagramPacket into) throws Exception {
    socket.receive(into);
    return new String(into.getData(), 0, into.getLength(), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @EnumSource(
      value = TurnServer.Transport.class,
      names = {"TCP", "TLS"})
  void allocatesAndRelaysBothWaysBeforeAndAfterTheChannelIsBound(TurnServer.Transport transport)
      throws Exception {
    Heard heard = new Heard();
    long start = System.nanoTime();
    TurnClient client =
        allocate(transport, Coturn.PASSWORD, timers, System::currentTimeMillis, heard);
    long allocateMicros = (System.nanoTime() - start) / 1000;
    System.out.printf("TURN/%s allocation on loopback: %d us%n", transport, allocateMicros);
    try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getByName(relayHost))) {
      peer.setSoTimeout(5000);
      InetSocketAddress relayed = client.relayedAddress();
      assertThat(relayed.getAddress().getHostAddress()).isEqualTo(relayHost);
      assertThat(client.mappedAddress()).isNotNull();
      assertThat(client.lifetimeSeconds()).isPositive();
      assertThat(client.tlsProtocol())
          .isEqualTo(transport == TurnServer.Transport.TLS ? client.tlsProtocol() : null);
      if (transport == TurnServer.Transport.TLS) {
        assertThat(client.tlsProtocol()).isIn("TLSv1.2", "TLSv1.3");
      }
      InetSocketAddress peerAddress =
          new InetSocketAddress(InetAddress.getByName(relayHost), peer.getLocalPort());

      // before any permission: queued, then sent as a Send indication
      byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
      client.send(peerAddress, hello, 0, hello.length);
      DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
      assertThat(receive(peer, in)).isEqualTo("hello");
      assertThat(in.getSocketAddress()).isEqualTo(relayed);
      assertThat(client.permitted(peerAddress)).isTrue();

      // the peer answers: a Data indication or ChannelData, from the peer's address
      peer.send(new DatagramPacket("hi back".getBytes(StandardCharsets.UTF_8), 7, relayed));
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.data.contains("hi back"));
      assertThat(heard.from).containsOnly(peerAddress);

      // the channel: ChannelData both ways, odd lengths padded over the stream
      await().atMost(Duration.ofSeconds(5)).until(() -> client.channelBound(peerAddress));
      for (int i = 0; i < 20; i++) {
        byte[] m = ("ch" + "x".repeat(i)).getBytes(StandardCharsets.UTF_8);
        client.send(peerAddress, m, 0, m.length);
        assertThat(receive(peer, in)).isEqualTo(new String(m, StandardCharsets.UTF_8));
        peer.send(new DatagramPacket(m, m.length, relayed));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.data.size() == 21);
      assertThat(heard.data.subList(1, 21))
          .containsExactlyElementsOf(
              java.util.stream.IntStream.range(0, 20).mapToObj(i -> "ch" + "x".repeat(i)).toList());
      assertThat(client.droppedFrames()).isZero();
      assertThat(client.droppedSends()).isZero();
      System.out.printf(
          "TURN/%s relay round trip: %d us%n",
          transport, roundTripMicros(client, peer, heard, peerAddress));
    } finally {
      client.close();
    }
    assertThat(client.released().get(5, TimeUnit.SECONDS))
        .as("Refresh lifetime 0 answered")
        .isTrue();
    assertThat(heard.failed).isNotDone();
  }

  /** Median of 50 relay round trips client -> peer -> client (loopback, for the report). */
  private static long roundTripMicros(
      TurnClient client, DatagramSocket peer, Heard heard, InetSocketAddress peerAddress)
      throws Exception {
    long[] rtt = new long[50];
    DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
    byte[] m = new byte[160];
    heard.arrivals.clear();
    for (int i = 0; i < rtt.length; i++) {
      long t0 = System.nanoTime();
      client.send(peerAddress, m, 0, m.length);
      peer.receive(in);
      peer.send(new DatagramPacket(in.getData(), in.getLength(), in.getSocketAddress()));
      Long arrived = heard.arrivals.poll(5, TimeUnit.SECONDS);
      assertThat(arrived).as("relayed answer %d", i).isNotNull();
      rtt[i] = (arrived - t0) / 1000;
    }
    java.util.Arrays.sort(rtt);
    return rtt[rtt.length / 2];
  }

  @ParameterizedTest
  @EnumSource(
      value = TurnServer.Transport.class,
      names = {"TCP", "TLS"})
  void aWrongPasswordGivesTheClearReason(TurnServer.Transport transport) throws Exception {
    try {
      allocate(transport, "not-the-password", timers, System::currentTimeMillis, new Heard());
      throw new AssertionError("allocated with a wrong password");
    } catch (ExecutionException e) {
      assertThat(e.getCause())
          .isInstanceOf(TurnException.class)
          .hasMessageContaining("TURN server rejected the credentials");
      assertThat(((TurnException) e.getCause()).errorCode()).isEqualTo(401);
    }
  }

  @Test
  void anUntrustedCertificateFailsTheTlsConnect() throws Exception {
    TurnServer server = coturn.server(TurnServer.Transport.TLS, Coturn.PASSWORD);
    TurnConnector connector =
        new TurnConnector(loops.next(), server, null, Duration.ofSeconds(5)); // JDK trust store
    CompletableFuture<TurnClient> f =
        TurnClient.allocate(
            TurnClientSettings.of(server),
            connector,
            timers,
            System::currentTimeMillis,
            new Heard());
    try {
      f.get(10, TimeUnit.SECONDS);
      throw new AssertionError("connected to a server the JDK does not trust");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).hasMessageContaining("cannot reach TURN server localhost:");
      assertThat(e.getCause()).hasMessageContaining("TLS handshake");
    }
  }

  @Test
  void refreshesAllocationPermissionAndChannelOnAFakeClock() throws Exception {
    FakeTimers fake = new FakeTimers();
    Heard heard = new Heard();
    TurnClient client = allocate(TurnServer.Transport.TCP, Coturn.PASSWORD, fake, fake::now, heard);
    try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getByName(relayHost))) {
      peer.setSoTimeout(5000);
      InetSocketAddress peerAddress =
          new InetSocketAddress(InetAddress.getByName(relayHost), peer.getLocalPort());
      byte[] m = "x".getBytes(StandardCharsets.UTF_8);
      client.send(peerAddress, m, 0, m.length);
      await().atMost(Duration.ofSeconds(5)).until(() -> client.channelBound(peerAddress));
      long refreshesBefore = client.counters().refreshes();
      // keep the peer in use while 10 fake minutes pass: permission refreshed at 4 min, channel at
      // 9 min, allocation at lifetime - 60 s. The clock moves in steps of the sweep period, and
      // each step's requests are answered (in real time) before the next step, so that the fake
      // clock does not time them out first.
      for (int step = 1; step <= 20; step++) {
        fake.advance(Duration.ofMillis(TurnRelay.SWEEP_MILLIS));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.counters().pendingRequests() == 0);
        client.send(peerAddress, m, 0, m.length);
        DatagramPacket in = new DatagramPacket(new byte[64], 64);
        assertThat(receive(peer, in)).isEqualTo("x");
      }
      assertThat(client.counters().refreshes()).isEqualTo(refreshesBefore + 1);
      assertThat(client.counters().channelRefreshes()).isEqualTo(1);
      assertThat(client.droppedFrames()).isZero();
      assertThat(client.counters().permissionRefreshes()).isGreaterThanOrEqualTo(1);
      assertThat(client.channelBound(peerAddress)).isTrue();
      assertThat(heard.failed).isNotDone();
    } finally {
      client.close();
    }
    fake.advance(Duration.ofSeconds(1));
    assertThat(client.released().get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aStaleNonceIsRenewedAndTheRequestRetried() throws Exception {
    // coturn with nonces that go stale after 1 s: a later CreatePermission gets 438 Stale Nonce,
    // and the client retries it with the nonce of the 438 (RFC 8489 §9.2.5)
    Coturn stale =
        Coturn.startStreams(
            relayHost,
            false,
            Files.createTempDirectory("coturn-stale"),
            List.of("--stale-nonce=1"));
    try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getByName(relayHost))) {
      TurnServer server = stale.server(TurnServer.Transport.TCP, Coturn.PASSWORD);
      TurnClient client =
          TurnClient.allocate(
                  TurnClientSettings.of(server),
                  new TurnConnector(loops.next(), server, null, Duration.ofSeconds(5)),
                  timers,
                  System::currentTimeMillis,
                  new Heard())
              .get(10, TimeUnit.SECONDS);
      try {
        java.util.concurrent.atomic.AtomicInteger port =
            new java.util.concurrent.atomic.AtomicInteger(20_000);
        byte[] m = {1};
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> {
                  InetSocketAddress p =
                      new InetSocketAddress(
                          InetAddress.getByName(relayHost), port.incrementAndGet());
                  client.send(p, m, 0, m.length);
                  return client.counters().nonceRenewals() >= 1;
                });
        InetSocketAddress peerAddress =
            new InetSocketAddress(InetAddress.getByName(relayHost), peer.getLocalPort());
        client.send(peerAddress, m, 0, m.length);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.permitted(peerAddress));
      } finally {
        client.close();
      }
    } finally {
      stale.close();
    }
  }

  @Test
  void aTimeoutWithoutAnswerIsSaid() throws Exception {
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      TurnServer server =
          new TurnServer("127.0.0.1", silent.getLocalPort(), "u", "p", TurnServer.Transport.TCP);
      FakeTimers fake = new FakeTimers();
      CompletableFuture<TurnClient> f =
          TurnClient.allocate(
              TurnClientSettings.of(server),
              new TurnConnector(loops.next(), server, null, Duration.ofSeconds(5)),
              fake,
              fake::now,
              new Heard());
      try (java.net.Socket accepted = silent.accept()) {
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> {
                  fake.advance(Duration.ofSeconds(1));
                  return f.isDone();
                });
        assertThat(f).failsWithin(Duration.ZERO);
        try {
          f.get();
        } catch (ExecutionException e) {
          assertThat(e.getCause()).hasMessageContaining("gave no Allocate answer");
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError(e);
    }
  }
}
