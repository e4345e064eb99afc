package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peervoice.nat.AddressPolicy;
import io.peervoice.nat.EarlyKeyingPath;
import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.MediaPath;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * S19: a controlled agent whose peer may nominate several pairs (a browser) offers its first valid
 * pair for keying before any nomination (RFC 8445 §12.1): DTLS goes out on it, and DTLS from the
 * peer's checked address comes back to the keying while no path exists, but not the peer's RTP, nor
 * DTLS from an address that never sent an authenticated check. Real ice4j agents on one IPv4
 * address of the machine (one host pair, so the two ends' pairs are the same); the controlled
 * side's ice4j never sees a nominating check (a tap after ours withholds them), so it never
 * selects.
 */
class ValidPairKeyingTest {
  private static final byte[] HELLO = {22, (byte) 0xfe, (byte) 0xfd, 0, 1, 2};
  private static final byte[] FLIGHT = {22, (byte) 0xfe, (byte) 0xfd, 0, 3, 4};
  private static final byte[] LATER = {20, (byte) 0xfe, (byte) 0xfd, 0, 5, 6};
  private static final byte[] RTP = {(byte) 0x80, 111, 0, 1, 0, 0, 0, 0};

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static Optional<NetworkInterface> ipv4Interface() throws Exception {
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nif.isUp()
          && !nif.isLoopback()
          && Collections.list(nif.getInetAddresses()).stream()
              .anyMatch(a -> a instanceof Inet4Address && !a.isLinkLocalAddress())) {
        return Optional.of(nif);
      }
    }
    return Optional.empty();
  }

  private static IceConfig config(NetworkInterface nif, boolean singleNomination) {
    return IceConfig.builder()
        .loopbackFallback(false)
        .connectTimeout(Duration.ofSeconds(8))
        .singleNomination(singleNomination)
        .onlyInterface(nif.getName())
        .addressPolicy(AddressPolicy.IPV4_ONLY)
        .build();
  }

  private static List<byte[]> collect(List<byte[]> into, byte[] d, int o, int l) {
    into.add(Arrays.copyOfRange(d, o, o + l));
    return into;
  }

  private static boolean has(List<byte[]> seen, byte[] wanted) {
    return seen.stream().anyMatch(b -> Arrays.equals(b, wanted));
  }

  @Test
  void aPeerThatNominatesOnePairGetsNoEarlyPair() throws Exception {
    Optional<NetworkInterface> nif = ipv4Interface();
    assumeTrue(nif.isPresent(), "needs an interface with an IPv4 address other than loopback");
    try (Ice4jSession a =
            new Ice4jSession(config(nif.get(), true), IceRole.CONTROLLING, scheduler, Thread::new);
        Ice4jSession b =
            new Ice4jSession(config(nif.get(), true), IceRole.CONTROLLED, scheduler, Thread::new)) {
      CompletableFuture<EarlyKeyingPath> offered = new CompletableFuture<>();
      b.onEarlyKeyingPath(offered::complete);
      CompletableFuture<MediaPath> pathB = b.connect(a.localParameters());
      a.connect(b.localParameters()).get(6, TimeUnit.SECONDS);
      pathB.get(6, TimeUnit.SECONDS); // a PeerVoice phone selects on the peer's nomination
      assertThat(offered).as("keying waits for the selected path").isNotDone();
    }
  }

  @Test
  void aBrowserLikePeersFirstValidPairCarriesDtlsBeforeItsNomination() throws Exception {
    Optional<NetworkInterface> nif = ipv4Interface();
    assumeTrue(nif.isPresent(), "needs an interface with an IPv4 address other than loopback");
    try (Ice4jSession a =
            new Ice4jSession(config(nif.get(), true), IceRole.CONTROLLING, scheduler, Thread::new);
        Ice4jSession b =
            new Ice4jSession(
                config(nif.get(), false), IceRole.CONTROLLED, scheduler, Thread::new)) {
      CompletableFuture<EarlyKeyingPath> offered = new CompletableFuture<>();
      b.onEarlyKeyingPath(offered::complete);
      CompletableFuture<EarlyKeyingPath> offeredToA = new CompletableFuture<>();
      a.onEarlyKeyingPath(offeredToA::complete);
      CompletableFuture<MediaPath> pathB = b.connect(a.localParameters());
      AtomicInteger withheld = new AtomicInteger();
      for (HostPort port : b.hostPorts()) {
        port.addTap(
            (data, offset, length, from) -> {
              if (PeerNominationTest.nominating(data, offset, length)) {
                withheld.incrementAndGet();
                return true;
              }
              return false;
            });
      }
      MediaPath ab = a.connect(b.localParameters()).get(6, TimeUnit.SECONDS);
      EarlyKeyingPath early = offered.get(6, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(5)).until(() -> withheld.get() > 0);
      assertThat(pathB).as("b's ice4j saw no nomination: nothing selected a path").isNotDone();
      assertThat(early.localCandidate().port()).isEqualTo(ab.remoteCandidate().port());
      assertThat(early.remoteCandidate().port()).isEqualTo(ab.localCandidate().port());

      List<byte[]> atA = new CopyOnWriteArrayList<>();
      List<byte[]> atB = new CopyOnWriteArrayList<>();
      ab.startReceiving((d, o, l) -> collect(atA, d, o, l));
      early.receive((d, o, l) -> collect(atB, d, o, l));

      early.send(HELLO, 0, HELLO.length);
      await().atMost(Duration.ofSeconds(5)).until(() -> has(atA, HELLO));

      ab.send(RTP, 0, RTP.length);
      ab.send(FLIGHT, 0, FLIGHT.length);
      await().atMost(Duration.ofSeconds(5)).until(() -> has(atB, FLIGHT));
      try (DatagramSocket stranger =
          new DatagramSocket(0, InetAddress.getByName(ab.localCandidate().address()))) {
        byte[] forged = Arrays.copyOf(LATER, LATER.length);
        forged[5] = 9;
        stranger.send(
            new DatagramPacket(
                forged,
                forged.length,
                new InetSocketAddress(
                    early.localCandidate().address(), early.localCandidate().port())));
        ab.send(LATER, 0, LATER.length); // after the stranger's, from the checked address
        await().atMost(Duration.ofSeconds(5)).until(() -> has(atB, LATER));
        assertThat(has(atB, forged)).as("DTLS from an address that sent no check").isFalse();
      }
      assertThat(has(atB, RTP)).as("media waits for the path").isFalse();
      assertThat(offeredToA).as("a controlling session offers no early pair").isNotDone();
      assertThat(atB).hasSize(2);
      assertThat(pathB).isNotDone();
    }
  }
}
