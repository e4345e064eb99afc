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
    fake.advance(Duration.ofMillis(GrantRetries.RETRY_BASE_MILLIS));
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
    for (int i = 0; i <= GrantRetries.GRANT_RETRIES + 2; i++) {
      int expected = Math.min(i + 1, GrantRetries.GRANT_RETRIES + 1);
      await()
          .atMost(WAIT)
          .until(() -> server.requests(StunMessage.CHANNEL_BIND).size() >= expected);
      settled();
      fake.advance(Duration.ofMillis(GrantRetries.RETRY_BASE_MILLIS << i));
    }
    settled();
    assertThat(server.requests(StunMessage.CHANNEL_BIND)).hasSize(GrantRetries.GRANT_RETRIES + 1);
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
    int first = ChannelData.MIN_CHANNEL;
    TurnPeers peers = new TurnPeers(first, first + 1); // two numbers: the third assignment wraps
    long idle = TurnRelay.IDLE_MILLIS;
    TurnPeer a = peers.get(PEER, 0, idle);
    assertThat(peers.assignChannel(a, 0)).isTrue();
    assertThat(a.channelNumber).isEqualTo(first);
    a.channel = TurnPeer.Grant.GRANTED;
    a.boundAtMillis = 0;
    peers.forgetIdle(idle, idle); // quarantined until 0 + 15 min
    assertThat(peers.channelsHeld()).isEqualTo(1);
    TurnPeer b = peers.get(new InetSocketAddress("192.0.2.8", 1), idle, idle);
    assertThat(peers.assignChannel(b, idle)).isTrue();
    assertThat(b.channelNumber).isEqualTo(first + 1);
    TurnPeer c = peers.get(new InetSocketAddress("192.0.2.9", 1), idle, idle);
    assertThat(peers.assignChannel(c, idle)).isFalse(); // wrapped onto a's quarantined number
    // a's address back within the quarantine: its own number again (same number, same address)
    TurnPeer again = peers.get(PEER, idle, idle);
    assertThat(peers.assignChannel(again, idle)).isTrue();
    assertThat(again.channelNumber).isEqualTo(first);
    assertThat(peers.byChannel(first)).isSameAs(again);
  }

  @Test
  void aQuarantinedNumberIsFreeForAnyPeerOnceTheQuarantineIsOver() {
    int first = ChannelData.MIN_CHANNEL;
    TurnPeers peers = new TurnPeers(first, first);
    TurnPeer a = peers.get(PEER, 0, TurnRelay.IDLE_MILLIS);
    assertThat(peers.assignChannel(a, 0)).isTrue();
    a.channel = TurnPeer.Grant.GRANTED;
    peers.forgetIdle(TurnRelay.IDLE_MILLIS, TurnRelay.IDLE_MILLIS);
    long over = TurnPeers.CHANNEL_QUARANTINE_MILLIS;
    TurnPeer b = peers.get(new InetSocketAddress("192.0.2.8", 1), over, TurnRelay.IDLE_MILLIS);
    assertThat(peers.assignChannel(b, over - 1)).isFalse();
    assertThat(peers.assignChannel(b, over)).isTrue();
    assertThat(b.channelNumber).isEqualTo(first);
  }

  @Test
  void thePermissionsAndTheChannelsRetriesWaitOnSeparateTimersAndBothAreCancelled() {
    TurnPeers peers = new TurnPeers();
    TurnPeer p = peers.get(PEER, 0, TurnRelay.IDLE_MILLIS);
    List<String> ran = new CopyOnWriteArrayList<>();
    assertThat(GrantRetries.later(fake, p, true, () -> ran.add("channel"))).isTrue();
    assertThat(GrantRetries.later(fake, p, false, () -> ran.add("permission"))).isTrue();
    assertThat(fake.pending()).isEqualTo(2); // the channel's retry does not stand in for the other
    fake.advance(Duration.ofMillis(GrantRetries.RETRY_BASE_MILLIS));
    assertThat(ran).containsExactlyInAnyOrder("channel", "permission");
    GrantRetries.ran(p, true);
    GrantRetries.ran(p, false);
    GrantRetries.later(fake, p, true, () -> ran.add("channel"));
    GrantRetries.later(fake, p, false, () -> ran.add("permission"));
    peers.forgetIdle(TurnRelay.IDLE_MILLIS, TurnRelay.IDLE_MILLIS); // removed: both cancelled
    assertThat(fake.pending()).isZero();
    TurnPeer q = peers.get(PEER, 0, TurnRelay.IDLE_MILLIS);
    GrantRetries.later(fake, q, true, () -> ran.add("channel"));
    GrantRetries.later(fake, q, false, () -> ran.add("permission"));
    GrantRetries.cancel(q); // what stop() does for every peer
    assertThat(fake.pending()).isZero();
    fake.advance(Duration.ofSeconds(60));
    assertThat(ran).hasSize(2);
  }

  /** Moves the fake clock a second at a time to {@code untilMillis}, sending and settling. */
  private void sendUntil(long untilMillis) {
    while (fake.now() < untilMillis) {
      fake.advance(Duration.ofSeconds(1));
      client.send(PEER, new byte[] {1}, 0, 1); // keeps the peer from being forgotten
      await()
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(2))
          .atMost(WAIT)
          .until(() -> client.counters().pendingRequests() == 0);
    }
  }

  @Test
  void aChannelWhoseRefreshesAllFailLapsesAfterTenMinutesAndEachDueRefreshGetsItsRetries()
      throws Exception {
    AtomicInteger binds = new AtomicInteger();
    allocate(
        r ->
            r.method() == StunMessage.CHANNEL_BIND && binds.incrementAndGet() > 1
                ? ScriptedTurnServer.error(r, 508, "Insufficient Capacity")
                : ScriptedTurnServer.success(r),
        WAIT);
    client.send(PEER, new byte[] {1}, 0, 1);
    await().atMost(WAIT).until(() -> client.channelBound(PEER));
    sendUntil(TurnRelay.CHANNEL_LIFETIME_MILLIS - 1_000);
    assertThat(client.channelBound(PEER)).isTrue(); // still counted on: it may yet be refreshed
    // due at 540 s and again at the 570 s sweep: each gets the first try and its retries
    assertThat(server.requests(StunMessage.CHANNEL_BIND))
        .hasSize(1 + 2 * (1 + GrantRetries.GRANT_RETRIES));
    sendUntil(TurnRelay.CHANNEL_LIFETIME_MILLIS);
    assertThat(client.channelBound(PEER)).isFalse(); // lapsed: Send indications from now on
    assertThat(client.permitted(PEER)).isTrue();
  }

  @Test
  void aPermissionWhoseRefreshesAllFailLapsesAfterFiveMinutes() throws Exception {
    AtomicInteger permissions = new AtomicInteger();
    allocate(
        r ->
            r.method() == StunMessage.CHANNEL_BIND
                    || r.method() == StunMessage.CREATE_PERMISSION
                        && permissions.incrementAndGet() > 1
                ? ScriptedTurnServer.error(r, 403, "Forbidden")
                : ScriptedTurnServer.success(r),
        WAIT);
    client.send(PEER, new byte[] {1}, 0, 1);
    await().atMost(WAIT).until(() -> client.permitted(PEER));
    sendUntil(TurnRelay.PERMISSION_LIFETIME_MILLIS - 1_000);
    assertThat(client.permitted(PEER)).isTrue();
    sendUntil(TurnRelay.PERMISSION_LIFETIME_MILLIS);
    assertThat(client.permitted(PEER)).isFalse(); // lapsed: asked for afresh, data queued meanwhile
  }

  @Test
  void aRefreshAnswerNeverGrantsMoreThanAsked() throws Exception {
    allocate(
        r ->
            r.method() == StunMessage.REFRESH
                ? StunMessage.of(
                    r.method(),
                    io.peervoice.nat.internal.stun.StunClass.SUCCESS_RESPONSE,
                    r.transactionId(),
                    List.of(TurnAttributes.lifetime(3600)))
                : ScriptedTurnServer.success(r),
        WAIT);
    fake.advance(Duration.ofSeconds(540));
    await().atMost(WAIT).until(() -> client.counters().refreshes() == 1);
    assertThat(client.lifetimeSeconds()).isEqualTo(600); // asked 600: the next refresh at 1080 s
  }

  @Test
  void aRefreshAnsweredWithLifetimeZeroIsAFailureAndTriedAgain() throws Exception {
    AtomicInteger refreshes = new AtomicInteger();
    allocate(
        r ->
            r.method() == StunMessage.REFRESH && refreshes.incrementAndGet() == 1
                ? StunMessage.of(
                    r.method(),
                    io.peervoice.nat.internal.stun.StunClass.SUCCESS_RESPONSE,
                    r.transactionId(),
                    List.of(TurnAttributes.lifetime(0)))
                : ScriptedTurnServer.success(r),
        WAIT);
    fake.advance(Duration.ofSeconds(540));
    await().atMost(WAIT).until(() -> refreshes.get() == 1);
    settled();
    assertThat(client.counters().refreshes()).isZero();
    assertThat(client.lifetimeSeconds()).isEqualTo(600);
    fake.advance(Duration.ofMillis(TurnRefresher.RETRY_BASE_MILLIS));
    await().atMost(WAIT).until(() -> client.counters().refreshes() == 1);
    assertThat(heard.failed).isNotDone();
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
            named,
            null,
            WAIT,
            new TurnDns(
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
                }),
            loops.next()::connect,
            fake,
            fake::now);
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

  private static final io.peervoice.natives.StreamConnection.Listener IGNORE =
      new io.peervoice.natives.StreamConnection.Listener() {
        @Override
        public void frame(byte[] data, int offset, int length) {}

        @Override
        public void closed(Throwable cause) {}
      };

  @Test
  void theTcpConnectGetsWhatTheNameLookupLeftOfTheTimeout() {
    TurnServer named = new TurnServer("turn.example.org", 3478, "u", "p", TurnServer.Transport.TCP);
    List<Duration> dialed = new CopyOnWriteArrayList<>();
    TurnDns dns =
        new TurnDns(
            host -> {
              fake.advance(Duration.ofMillis(1_200)); // the lookup took 1.2 s of the 5 s
              return java.net.InetAddress.getByName("192.0.2.1");
            },
            Runnable::run);
    TurnConnector connector =
        new TurnConnector(
            named,
            null,
            WAIT,
            dns,
            (remote, tls, framing, timeout, listener) -> {
              dialed.add(timeout);
              return new CompletableFuture<>();
            },
            fake,
            fake::now);
    connector.connect(TurnFraming.INSTANCE, IGNORE);
    assertThat(dialed).containsExactly(Duration.ofMillis(3_800));
  }

  @Test
  void aLookupThatUsedTheWholeTimeoutFailsTheConnectWithoutDialing() {
    TurnServer named = new TurnServer("turn.example.org", 3478, "u", "p", TurnServer.Transport.TCP);
    List<Duration> dialed = new CopyOnWriteArrayList<>();
    // the answer and the deadline fall due together: the clock is past the timeout either way
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    TurnDns dns =
        new TurnDns(
            host -> {
              clock.addAndGet(WAIT.toMillis());
              return java.net.InetAddress.getByName("192.0.2.1");
            },
            Runnable::run);
    TurnConnector connector =
        new TurnConnector(
            named,
            null,
            WAIT,
            dns,
            (remote, tls, framing, timeout, listener) -> {
              dialed.add(timeout);
              return new CompletableFuture<>();
            },
            fake,
            clock::get);
    CompletableFuture<?> f = connector.connect(TurnFraming.INSTANCE, IGNORE);
    assertThat(f).failsWithin(Duration.ZERO);
    assertThat(f.handle((v, e) -> e.getCause()).join())
        .isInstanceOf(java.net.SocketTimeoutException.class)
        .hasMessageContaining("used the whole connect timeout (5000 ms)");
    assertThat(dialed).isEmpty();
  }

  @Test
  void connectorsToTheSameNameShareOneLookupInFlight() {
    TurnServer named = new TurnServer("turn.example.org", 3478, "u", "p", TurnServer.Transport.TCP);
    List<Runnable> queued = new ArrayList<>();
    AtomicInteger lookups = new AtomicInteger();
    TurnDns dns =
        new TurnDns(
            host -> {
              lookups.incrementAndGet();
              return java.net.InetAddress.getByName("192.0.2.1");
            },
            queued::add);
    List<InetSocketAddress> dialed = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 3; i++) {
      new TurnConnector(
              named,
              null,
              WAIT,
              dns,
              (remote, tls, framing, timeout, listener) -> {
                dialed.add(remote);
                return new CompletableFuture<>();
              },
              fake,
              fake::now)
          .connect(TurnFraming.INSTANCE, IGNORE);
    }
    assertThat(queued).hasSize(1);
    assertThat(dns.inFlight()).isEqualTo(1);
    queued.get(0).run();
    assertThat(lookups).hasValue(1);
    assertThat(dialed).hasSize(3);
    assertThat(dns.inFlight()).isZero(); // the next connect looks the name up afresh
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
