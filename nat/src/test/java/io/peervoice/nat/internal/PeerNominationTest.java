package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.MediaPath;
import io.peervoice.nat.PathExchange;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ice4j.ice.CandidatePair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The controlled side takes the pair the peer nominated as the nominating check arrives (RFC 8445
 * §7.3.1.5), not once ice4j processed it: here ice4j on the controlled side never gets a check with
 * USE-CANDIDATE (a tap after ours withholds them), so ice4j alone would never complete there, yet
 * both sides connect over the nominated pair and carry datagrams. A browser peer (which may
 * nominate several pairs) is left to ice4j. Real ice4j agents over the machine's interfaces.
 */
class PeerNominationTest {
  private static final int USE_CANDIDATE = 0x0025;

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  /** A STUN Binding request carrying USE-CANDIDATE (attributes walked, no integrity check). */
  static boolean nominating(byte[] data, int offset, int length) {
    if (!UnselectedPortGuard.isBindingRequest(data, offset, length)) {
      return false;
    }
    for (int at = offset + 20; at + 4 <= offset + length; ) {
      int type = ((data[at] & 0xff) << 8) | (data[at + 1] & 0xff);
      int len = ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff);
      if (type == USE_CANDIDATE) {
        return true;
      }
      at += 4 + ((len + 3) & ~3);
    }
    return false;
  }

  private static IceConfig config(boolean singleNomination) {
    return IceConfig.builder()
        .loopbackFallback(false)
        .connectTimeout(Duration.ofSeconds(8))
        .singleNomination(singleNomination)
        .build();
  }

  /** Both sides' connections. */
  private record Connecting(CompletableFuture<MediaPath> a, CompletableFuture<MediaPath> b) {}

  /**
   * Connects the controlled side {@code b} first and waits until a pair is valid for it, then keeps
   * every nominating check from ice4j on {@code b}'s ports (our watch, installed at connect, still
   * sees them first) and connects {@code a}.
   */
  private static Connecting connectWithheld(
      Ice4jSession a, Ice4jSession b, AtomicInteger withheld) {
    CompletableFuture<MediaPath> pathB = b.connect(a.localParameters());
    await() // b's own check answered (a's ice4j answers before it connects)
        .atMost(Duration.ofSeconds(5))
        .until(() -> validPairs(b) > 0);
    for (HostPort port : b.hostPorts()) {
      port.addTap(
          (data, offset, length, from) -> {
            if (nominating(data, offset, length)) {
              withheld.incrementAndGet();
              return true;
            }
            return false;
          });
    }
    return new Connecting(a.connect(b.localParameters()), pathB);
  }

  private static long validPairs(Ice4jSession s) {
    List<CandidatePair> pairs = new ArrayList<>(s.agent().getStreams().get(0).getCheckList());
    return pairs.stream().filter(CandidatePair::isValid).count();
  }

  @Test
  void theControlledSideTakesThePairOnThePeersNominatingCheck() throws Exception {
    AtomicInteger withheld = new AtomicInteger();
    try (Ice4jSession a =
            new Ice4jSession(config(true), IceRole.CONTROLLING, scheduler, Thread::new);
        Ice4jSession b =
            new Ice4jSession(config(true), IceRole.CONTROLLED, scheduler, Thread::new)) {
      Connecting connecting = connectWithheld(a, b, withheld);
      MediaPath ab = connecting.a().get(6, TimeUnit.SECONDS);
      MediaPath ba = connecting.b().get(6, TimeUnit.SECONDS);
      // S13: the count is made on b's port reader right after our watch (the tap before it)
      // handed b its pair, so b's path can complete before it: wait for it, do not read it once
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(withheld.get()).as("nominating checks ice4j never saw").isPositive());
      assertThat(InetAddress.getByName(ab.remoteCandidate().address()))
          .isEqualTo(InetAddress.getByName(ba.localCandidate().address()));
      assertThat(ab.remoteCandidate().port()).isEqualTo(ba.localCandidate().port());
      assertThat(ba.remoteCandidate().port()).isEqualTo(ab.localCandidate().port());

      PathExchange.carriesBothWays(ab, ba);
    }
  }

  @Test
  void aPeerThatMayNominateSeveralPairsIsLeftToIce4j() throws Exception {
    AtomicInteger withheld = new AtomicInteger();
    try (Ice4jSession a =
            new Ice4jSession(config(true), IceRole.CONTROLLING, scheduler, Thread::new);
        Ice4jSession b =
            new Ice4jSession(config(false), IceRole.CONTROLLED, scheduler, Thread::new)) {
      Connecting connecting = connectWithheld(a, b, withheld);
      connecting.a().get(6, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(5)).until(() -> withheld.get() > 0);
      await() // ice4j never saw the nomination, and nothing else took the pair
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(1))
          .until(() -> !connecting.b().isDone());
    }
  }

  @Test
  void aBrowserLikePeersChecksAreAnsweredThoughIce4jNeverReadsThem() throws Exception {
    // S16: every check to b is kept from b's ice4j by a tap after ours: only our early answers can
    // validate a's pairs, so a (a controlling ice4j) completes only because of them
    try (Ice4jSession a =
            new Ice4jSession(config(true), IceRole.CONTROLLING, scheduler, Thread::new);
        Ice4jSession b =
            new Ice4jSession(config(false), IceRole.CONTROLLED, scheduler, Thread::new)) {
      CompletableFuture<MediaPath> pathB = b.connect(a.localParameters());
      AtomicInteger withheld = new AtomicInteger();
      for (HostPort port : b.hostPorts()) {
        port.addTap(
            (data, offset, length, from) -> {
              if (UnselectedPortGuard.isBindingRequest(data, offset, length)) {
                withheld.incrementAndGet();
                return true;
              }
              return false;
            });
      }
      MediaPath ab = a.connect(b.localParameters()).get(6, TimeUnit.SECONDS);
      assertThat(withheld.get()).as("checks b's ice4j never read").isPositive();
      assertThat(ab.remoteCandidate().port())
          .isIn(b.hostPorts().stream().map(p -> p.localAddress().getPort()).toList());
      assertThat(pathB).isNotDone(); // b's ice4j saw no nomination: nothing completed it
    }
  }
}
