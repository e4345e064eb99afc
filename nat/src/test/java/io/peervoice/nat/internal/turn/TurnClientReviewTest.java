package io.peervoice.nat.internal.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.nat.TurnServer;
import io.peervoice.nat.internal.stun.StunMessage;
import io.peervoice.natives.MediaLoops;
import io.peervoice.testkit.FakeTimers;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TURN client's review findings, each against a scripted server on loopback and a fake clock:
 * refused permissions and channels are retried, a missed Refresh is retried before the allocation
 * expires, a peer forgotten mid-request gets no channel, listener calls stay on the thread that
 * queued them, and name resolution is inside the connect timeout.
 */
class TurnClientReviewTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.7", 4000);

  private MediaLoops loops;
  private final FakeTimers fake = new FakeTimers();
  private ScriptedTurnServer server;
  private TurnClient client;
  private final TurnClientCoturnTest.Heard heard = new TurnClientCoturnTest.Heard();

  @BeforeEach
  void loops() {
    loops = MediaLoops.create(1, "turn-review");
  }

  @AfterEach
  void close() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    loops.close();
  }

  private TurnClient allocate(ScriptedTurnServer.Script script, Duration transactionTimeout)
      throws Exception {
    server = new ScriptedTurnServer(script);
    TurnServer s = server.server();
    client =
        TurnClient.allocate(
                new TurnClientSettings(s, transactionTimeout, Duration.ofSeconds(600)),
                new TurnConnector(loops.next(), s, null, WAIT),
                fake,
                fake::now,
                heard)
            .get(5, TimeUnit.SECONDS);
    return client;
  }

  /** Waits until every request sent has its outcome (run under the client's lock). */
  private void settled() {
    await().atMost(WAIT).until(() -> client.counters().pendingRequests() == 0);
  }

  @Test
  void aRefusedPermissionIsRetriedWithBackOffAndTheQueuedDataGoesOut() throws Exception {
    AtomicInteger permissions = new AtomicInteger();
    allocate(
        r ->
            r.method() == StunMessage.CREATE_PERMISSION && permissions.incrementAndGet() == 1
                ? ScriptedTurnServer.error(r, 403, "Forbidden")
                : ScriptedTurnServer.success(r),
        WAIT);
    client.send(PEER, new byte[] {1}, 0, 1);
    await().atMost(WAIT).until(() -> permissions.get() == 1);
    settled();
    assertThat(client.permitted(PEER)).isFalse();
    fake.advance(Duration.ofMillis(TurnRelay.RETRY_BASE_MILLIS));
    await().atMost(WAIT).until(() -> client.permitted(PEER));
    assertThat(permissions.get()).isEqualTo(2);
    await().atMost(WAIT).until(() -> client.channelBound(PEER));
    assertThat(client.droppedSends()).isZero(); // the datagram queued before the refusal went out
  }

  @Test
  void retriesOfARefusedChannelAreBounded() throws Exception {
    allocate(
        r ->
            r.method() == StunMessage.CHANNEL_BIND
                ? ScriptedTurnServer.error(r, 508, "Insufficient Capacity")
                : ScriptedTurnServer.success(r),
        WAIT);
    client.send(PEER, new byte[] {1}, 0, 1);
    for (int i = 0; i <= TurnRelay.GRANT_RETRIES + 2; i++) {
      int expected = Math.min(i + 1, TurnRelay.GRANT_RETRIES + 1);
      await()
          .atMost(WAIT)
          .until(() -> server.requests(StunMessage.CHANNEL_BIND).size() >= expected);
      settled();
      fake.advance(Duration.ofMillis(TurnRelay.RETRY_BASE_MILLIS << i));
    }
    settled();
    assertThat(server.requests(StunMessage.CHANNEL_BIND)).hasSize(TurnRelay.GRANT_RETRIES + 1);
    assertThat(client.permitted(PEER)).isTrue(); // Send indications it is
    assertThat(client.channelBound(PEER)).isFalse();
  }

  @Test
  void oneMissedRefreshDoesNotEndTheAllocation() throws Exception {
    AtomicInteger refreshes = new AtomicInteger();
    allocate(
        r ->
            r.method() == StunMessage.REFRESH && refreshes.incrementAndGet() == 1
                ? null // the first Refresh is lost
                : ScriptedTurnServer.success(r),
        WAIT);
    fake.advance(Duration.ofSeconds(540)); // lifetime 600 s: refreshed a minute before
    await().atMost(WAIT).until(() -> refreshes.get() == 1);
    fake.advance(WAIT); // its transaction times out: a retry is scheduled, not the end
    assertThat(heard.failed).isNotDone();
    fake.advance(Duration.ofMillis(TurnRefresher.RETRY_BASE_MILLIS));
    await().atMost(WAIT).until(() -> client.counters().refreshes() == 1);
    assertThat(refreshes.get()).isEqualTo(2);
    assertThat(heard.failed).isNotDone();
    assertThat(client.lifetimeSeconds()).isEqualTo(600);
  }

  @Test
  void aRefreshThatNeverSucceedsEndsTheAllocationBeforeItExpires() throws Exception {
    allocate(r -> r.method() == StunMessage.REFRESH ? null : ScriptedTurnServer.success(r), WAIT);
    for (int s = 0; s < 60 && !heard.failed.isDone(); s++) {
      fake.advance(Duration.ofSeconds(s == 0 ? 540 : 1));
    }
    assertThat(heard.failed).isDone();
    assertThat(fake.now()).isLessThan(600_000);
    // tried again with back-off (2.5, 5, 10 s) while an answer could still come in time
    await().atMost(WAIT).until(() -> server.requests(StunMessage.REFRESH).size() == 4);
  }

  @Test
  void aPeerForgottenWhileItsPermissionIsOutGetsNoChannel() throws Exception {
    List<StunMessage> held = new CopyOnWriteArrayList<>();
    allocate(
        r -> {
          if (r.method() == StunMessage.CREATE_PERMISSION && held.isEmpty()) {
            held.add(r); // answered late, by the test
            return null;
          }
          return ScriptedTurnServer.success(r);
        },
        Duration.ofMinutes(20));
    client.send(PEER, new byte[] {1}, 0, 1);
    await().atMost(WAIT).until(() -> held.size() == 1);
    fake.advance(Duration.ofMillis(TurnRelay.IDLE_MILLIS + TurnRelay.SWEEP_MILLIS)); // forgotten
    server.send(ScriptedTurnServer.success(held.get(0)));
    settled();
    InetSocketAddress other = new InetSocketAddress("192.0.2.8", 4000);
    client.send(other, new byte[] {2}, 0, 1); // a request after: TCP keeps the order
    await().atMost(WAIT).until(() -> client.channelBound(other));
    List<StunMessage> binds = server.requests(StunMessage.CHANNEL_BIND);
    assertThat(binds).hasSize(1); // the other peer's only: none for the forgotten one
    assertThat(client.permitted(PEER)).isFalse();
  }

  @Test
  void aForgottenPeersChannelNumberIsNotHandedOutUntilItsBindingCouldHaveLapsed() {
    TurnPeers peers = new TurnPeers();
    TurnPeer a = peers.get(PEER, 0, TurnRelay.IDLE_MILLIS);
    assertThat(peers.assignChannel(a, 0)).isTrue();
    a.channel = TurnPeer.Grant.GRANTED;
    a.boundAtMillis = 0;
    peers.forgetIdle(TurnRelay.IDLE_MILLIS, TurnRelay.IDLE_MILLIS);
    assertThat(peers.channelsHeld()).isEqualTo(1);
    TurnPeer b = peers.get(new InetSocketAddress("192.0.2.8", 1), TurnRelay.IDLE_MILLIS, 1);
    assertThat(peers.assignChannel(b, TurnRelay.IDLE_MILLIS)).isTrue();
    assertThat(b.channelNumber).isNotEqualTo(a.channelNumber);
  }

  @Test
  void listenerCallsRunOnTheThreadThatQueuedThemNotOnOneThatReleasedTheLockFirst()
      throws Exception {
    AfterLock after = new AfterLock();
    List<String> ran = new CopyOnWriteArrayList<>();
    after.add(() -> ran.add(Thread.currentThread().getName())); // queued by "the loop": this thread
    Thread sender = new Thread(after::run, "a-sending-thread");
    sender.start();
    sender.join();
    assertThat(ran).isEmpty();
    after.run();
    assertThat(ran).containsExactly(Thread.currentThread().getName());
  }

  @Test
  void aDnsServerThatNeverAnswersFailsTheConnectWithinItsTimeoutWithoutBlockingTheCaller() {
    CountDownLatch never = new CountDownLatch(1);
    List<Thread> resolvers = new ArrayList<>();
    TurnServer named = new TurnServer("turn.example.org", 3478, "u", "p", TurnServer.Transport.TCP);
    TurnConnector connector =
        new TurnConnector(
            loops.next(),
            named,
            null,
            WAIT,
            host -> {
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new UnknownHostException(host);
            },
            r -> {
              Thread t = new Thread(r, "test-dns");
              t.setDaemon(true);
              resolvers.add(t);
              t.start();
            },
            fake);
    CompletableFuture<?> f =
        connector.connect(
            TurnFraming.INSTANCE,
            new io.peervoice.natives.StreamConnection.Listener() {
              @Override
              public void frame(byte[] data, int offset, int length) {}

              @Override
              public void closed(Throwable cause) {}
            });
    assertThat(f).isNotDone(); // the caller was not held by the lookup
    fake.advance(WAIT);
    assertThat(f).failsWithin(Duration.ZERO);
    assertThat(f.handle((v, e) -> e.getCause().getMessage()).join())
        .contains("cannot resolve TURN server turn.example.org: no answer within 5000 ms");
    never.countDown();
    assertThat(resolvers).hasSize(1);
  }

  @Test
  void roundTripsAreSmoothedFromEachRequestToItsResponse() throws Exception {
    TurnRoundTrips t = new TurnRoundTrips();
    assertThat(t.smoothed()).isEmpty();
    t.sample(8_000_000);
    t.sample(16_000_000);
    assertThat(t.smoothed()).contains(Duration.ofMillis(9));
    assertThat(t.min()).contains(Duration.ofMillis(8));
    allocate(ScriptedTurnServer::success, WAIT);
    assertThat(client.roundTrip()).isPresent(); // the Allocate's
  }
}
