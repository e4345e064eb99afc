package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceParameters;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.MediaPath;
import io.peervoice.nat.PathExchange;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.ice4j.ice.CandidatePair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * S10 web (issue 16): the race {@link PeerNominatedPair} and {@link UnselectedPortGuard} were
 * written for, with two real ice4j agents ({@link Ice4jSession}s) over the machine's interfaces
 * instead of fakes. The controlling side nominates like Chromium ("semi-aggressive": USE-CANDIDATE
 * on the checks of more than one pair) and uses the highest-priority pair; on the controlled side
 * the confirmation of the lower pair wins the race (the responses to its checks of the higher pair
 * are held back until it completed), so ice4j completes on the lower pair, as it did in a relayed
 * browser call. The controlled session must carry media on the higher pair, the one the peer uses,
 * and no check of the peer may be answered with an error (ice4j's 403 after completion, on which a
 * browser fails the pair).
 *
 * <p>Needs two pairs, so two host candidates of different priorities on each side: the machine's
 * IPv4 and IPv6 addresses of one interface (as here, {@code 192.0.2.2} and {@code fd00::2}).
 */
@EnabledIfSystemProperty(
    named = "peervoice.raceTests",
    matches = "true",
    disabledReason =
        "timed out in 1 of 16 runs alone and in a run of the whole nat suite: not yet"
            + " dependable enough for CI (run it with -Dpeervoice.raceTests=true)")
class PeerNominationRaceTest {
  private static final int BINDING_SUCCESS = 0x0101;
  private static final int BINDING_ERROR = 0x0111;

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static int stunType(byte[] data, int offset, int length) {
    return length < 20 ? -1 : ((data[offset] & 0xff) << 8) | (data[offset + 1] & 0xff);
  }

  /** Holds back Binding success responses arriving on {@code port} while {@code hold} is set. */
  private static void holdSuccesses(HostPort port, BooleanSupplier hold, AtomicInteger held) {
    port.addTap(
        (data, offset, length, from) -> {
          if (stunType(data, offset, length) == BINDING_SUCCESS && hold.getAsBoolean()) {
            held.incrementAndGet();
            return true;
          }
          return false;
        });
  }

  /** The session's host port on an address of {@code family}. */
  private static HostPort portOf(Ice4jSession session, Class<? extends InetAddress> family) {
    return session.hostPorts().stream()
        .filter(p -> family.isInstance(p.localAddress().getAddress()))
        .findFirst()
        .orElse(null);
  }

  /** {@code parameters} with the IPv4 candidates' local preference lowered (65535 to 32767). */
  private static IceParameters ipv6First(IceParameters parameters) {
    return new IceParameters(
        parameters.ufrag(),
        parameters.password(),
        parameters.candidates().stream()
            .map(
                c ->
                    c.address().contains(":")
                        ? c
                        : new IceCandidate(
                            c.foundation(),
                            c.component(),
                            c.priority() - (32_768L << 8),
                            c.address(),
                            c.port(),
                            c.type(),
                            c.relatedAddress(),
                            c.relatedPort()))
            .toList());
  }

  /** The ERROR-CODE attribute's code (RFC 8489 §14.8), or -1. */
  private static int errorCode(byte[] data, int offset, int length) {
    int at = offset + 20;
    while (at + 4 <= offset + length) {
      int type = ((data[at] & 0xff) << 8) | (data[at + 1] & 0xff);
      int size = ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff);
      if (type == 0x0009 && size >= 4 && at + 8 <= offset + length) {
        return (data[at + 6] & 0x07) * 100 + (data[at + 7] & 0xff);
      }
      at += 4 + ((size + 3) & ~3);
    }
    return -1;
  }

  private static String checkList(Ice4jSession session) {
    return session.agent().getStreams().get(0).getCheckList().stream()
        .map(
            p ->
                p.toShortString()
                    + " "
                    + p.getState()
                    + (p.useCandidateReceived() ? " peer-nominated" : "")
                    + " "
                    + p.getPriority()
                    + (p == session.agent().getStreams().get(0).getComponent(1).getSelectedPair()
                        ? " ice4j-selected"
                        : ""))
        .toList()
        .toString();
  }

  private static CandidatePair pairOn(Ice4jSession session, HostPort port) {
    return session.agent().getStreams().get(0).getCheckList().stream()
        .filter(p -> p.getLocalCandidate().getTransportAddress().equals(port.localAddress()))
        .max(Comparator.comparingLong(CandidatePair::getPriority))
        .orElseThrow(() -> new AssertionError("no pair on " + port.localAddress()));
  }

  @Test
  void theControlledSideCarriesMediaOnTheHigherPairThePeerNominatedWhenIce4jPickedALowerOne()
      throws Exception {
    // a browser's side: it may nominate several pairs, so ours does not select on the first
    // nominating check (IceConfig.singleNomination, off for WebRTC calls)
    IceConfig config =
        IceConfig.builder()
            .loopbackFallback(false)
            .connectTimeout(Duration.ofSeconds(8))
            .singleNomination(false)
            .build();
    try (Ice4jSession a = new Ice4jSession(config, IceRole.CONTROLLING, scheduler, Thread::new);
        Ice4jSession b = new Ice4jSession(config, IceRole.CONTROLLED, scheduler, Thread::new)) {
      AtomicInteger errors = new AtomicInteger();
      List<String> errorsSeen = new CopyOnWriteArrayList<>();
      a.hostPorts()
          .forEach(
              p ->
                  p.addTap(
                      (data, offset, length, from) -> {
                        if (stunType(data, offset, length) == BINDING_ERROR) {
                          errors.incrementAndGet();
                          errorsSeen.add(
                              from
                                  + " -> "
                                  + p.localAddress()
                                  + " code "
                                  + errorCode(data, offset, length));
                        }
                        return false;
                      }));
      AtomicBoolean holdAtALow = new AtomicBoolean(true);
      AtomicReference<CandidatePair> bHighPair = new AtomicReference<>();
      AtomicBoolean holdAtBHigh = new AtomicBoolean(true);
      AtomicInteger held = new AtomicInteger();

      // the pairs (host to host, one per address family) rank as the signalled candidates do:
      // IPv6 above IPv4, as Chromium ranks them (RFC 8421); ice4j gives both the same priority
      HostPort aHigh = portOf(a, Inet6Address.class);
      HostPort aLow = portOf(a, Inet4Address.class);
      HostPort bHigh = portOf(b, Inet6Address.class);
      HostPort bLow = portOf(b, Inet4Address.class);
      assumeTrue(
          aHigh != null && aLow != null && bHigh != null && bLow != null,
          "needs an IPv4 and an IPv6 host address: " + a.localParameters().candidates());
      // the controlling side's own checks of the low pair are confirmed last: it uses the high one
      // (and goes on resending them until the controlled side completed)
      holdSuccesses(aLow, holdAtALow::get, held);
      // the controlled side confirms the high pair only once it has completed (on the low one)
      holdSuccesses(bHigh, holdAtBHigh::get, held);
      // and the low pair once the peer's nomination of the high one reached it
      holdSuccesses(
          bLow, () -> bHighPair.get() == null || !bHighPair.get().useCandidateReceived(), held);
      CompletableFuture<MediaPath> pathB = b.connect(ipv6First(a.localParameters()));
      bHighPair.set(pairOn(b, bHigh));
      CompletableFuture<MediaPath> pathA = a.connect(ipv6First(b.localParameters()));
      CandidatePair high = pairOn(a, aHigh);
      CandidatePair low = pairOn(a, aLow);
      assertThat(high.getPriority()).isGreaterThan(low.getPriority());
      // Chromium-like: USE-CANDIDATE on the checks of both pairs
      a.agent().nominate(high);
      a.agent().nominate(low);

      MediaPath ab = pathA.get(6, TimeUnit.SECONDS);
      assertThat(ab.localCandidate().port()).isEqualTo(aHigh.localAddress().getPort());
      // the controlled side heard both nominations; its confirmation of the low pair wins
      MediaPath ba = pathB.get(6, TimeUnit.SECONDS);
      String bList = checkList(b);
      holdAtBHigh.set(false);
      // the controlling side's checks of the low pair are still being resent: now they reach a
      // controlled side that completed (ice4j's agent terminated) and must not meet an error
      holdAtALow.set(false);
      assertThat(b.agent().getStreams().get(0).getComponent(1).getSelectedPair())
          .as("ice4j completed on the low pair (the race)")
          .isNotNull()
          .satisfies(p -> assertThat(p.getPriority()).isLessThan(bHighPair.get().getPriority()));

      assertThat(ba.localCandidate().port())
          .as(
              "the controlled side kept the pair the peer nominated and uses; its check list: %s",
              bList)
          .isEqualTo(bHigh.localAddress().getPort());
      assertThat(InetAddress.getByName(ba.remoteCandidate().address()))
          .isEqualTo(aHigh.localAddress().getAddress());
      assertThat(ba.remoteCandidate().port()).isEqualTo(aHigh.localAddress().getPort());

      PathExchange.carriesBothWays(ab, ba);
      // the controlling side's checks keep going (its retransmissions, then consent on the high
      // pair) until the controlled agent is freed: none of them may meet an error
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .untilAsserted(
              () -> assertThat(errorsSeen).as("error responses to our checks").isEmpty());
      assertThat(held.get()).as("responses were held back: the race was staged").isPositive();
    }
  }
}
