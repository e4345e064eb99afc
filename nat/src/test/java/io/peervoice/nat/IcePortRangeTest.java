package io.peervoice.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.peervoice.nat.internal.LoopbackSession;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@link IceConfig#portRange()} and {@link IceConfig.Builder#onlyInterface} with real ice4j. */
class IcePortRangeTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<IceSession> open = new ArrayList<>();

  @AfterEach
  void stop() {
    open.forEach(IceSession::close);
    scheduler.shutdownNow();
  }

  private IceSession open(IceRole role, IceConfig config) throws IceException {
    IceSession s = IceSessions.open(config, role, scheduler, Thread::new);
    open.add(s);
    return s;
  }

  /** 20 ports somewhere high, so that parallel builds on this machine rarely meet. */
  private static PortRange someRange() {
    int min = 42_000 + 20 * ThreadLocalRandom.current().nextInt(800);
    return new PortRange(min, min + 19);
  }

  @Test
  void hostCandidatesBindOnlyPortsInTheRangeAndStillConnect() throws Exception {
    Assumptions.assumeTrue(!usableInterfaces().isEmpty(), "no interface but loopback");
    PortRange range = someRange();
    // A port of the range already taken by someone else is skipped.
    try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(range.min()))) {
      IceConfig config = IceConfig.builder().loopbackFallback(false).portRange(range).build();
      IceSession a = open(IceRole.CONTROLLING, config);
      IceSession b = open(IceRole.CONTROLLED, config);
      IceSession c = open(IceRole.CONTROLLED, config);
      for (IceSession s : List.of(a, b, c)) {
        assertThat(s.localParameters().candidates())
            .isNotEmpty()
            .allSatisfy(
                cand -> {
                  assertThat(cand.type()).isEqualTo(CandidateType.HOST);
                  assertThat(range.contains(cand.port())).as("%s in %s", cand, range).isTrue();
                  assertThat(cand.port()).isNotEqualTo(squatter.getLocalPort());
                });
      }
      CompletableFuture<MediaPath> pathB = b.connect(a.localParameters());
      MediaPath ab = a.connect(b.localParameters()).get(20, TimeUnit.SECONDS);
      MediaPath ba = pathB.get(20, TimeUnit.SECONDS);
      assertThat(range.contains(ab.localCandidate().port())).isTrue();
      assertThat(range.contains(ba.localCandidate().port())).isTrue();
      List<String> heard = new CopyOnWriteArrayList<>();
      ba.startReceiving(
          (d, off, len) -> heard.add(new String(d, off, len, StandardCharsets.UTF_8)));
      byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                ab.send(hello, 0, hello.length);
                assertThat(heard).contains("hello");
              });
    }
  }

  @Test
  void onlyTheChosenInterfaceIsOffered() throws Exception {
    List<NetworkInterface> usable = usableInterfaces();
    Assumptions.assumeTrue(!usable.isEmpty(), "no interface but loopback");
    NetworkInterface chosen = usable.get(usable.size() - 1);
    Set<String> itsAddresses =
        Collections.list(chosen.getInetAddresses()).stream()
            .map(a -> a.getHostAddress().replaceAll("%.*", ""))
            .collect(Collectors.toSet());
    IceConfig config =
        IceConfig.builder()
            .loopbackFallback(false)
            .allowInterface("some-other0")
            .onlyInterface(chosen.getName())
            .build();
    assertThat(config.allowedInterfaces()).containsExactly(chosen.getName());
    List<IceCandidate> offered = open(IceRole.CONTROLLING, config).localParameters().candidates();
    assertThat(offered)
        .isNotEmpty()
        .allSatisfy(
            c ->
                assertThat(
                        InetAddress.getByName(c.address()).getHostAddress().replaceAll("%.*", ""))
                    .isIn(itsAddresses));
    // An interface this machine does not have: nothing is offered.
    IceConfig nowhere =
        IceConfig.builder().loopbackFallback(false).onlyInterface("nosuch9").build();
    assertThat(open(IceRole.CONTROLLING, nowhere).localParameters().candidates()).isEmpty();
  }

  @Test
  void theLoopbackFallbackBindsInTheRangeToo() throws Exception {
    PortRange range = someRange();
    try (LoopbackSession s =
        new LoopbackSession(IceRole.CONTROLLING, scheduler, Thread::new, Optional.of(range))) {
      assertThat(s.localParameters().candidates())
          .singleElement()
          .satisfies(c -> assertThat(range.contains(c.port())).isTrue());
    }
  }

  @Test
  void aRangeIsValidatedAndKeptByToBuilder() {
    assertThatThrownBy(() -> new PortRange(5000, 4999))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a port range needs 1 <= min <= max <= 65535: 5000-4999");
    assertThatThrownBy(() -> new PortRange(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PortRange(60000, 65536))
        .isInstanceOf(IllegalArgumentException.class);
    PortRange r = new PortRange(40000, 40099);
    assertThat(r.size()).isEqualTo(100);
    assertThat(r).hasToString("40000-40099");
    IceConfig config = IceConfig.builder().portRange(r).build();
    assertThat(config.toBuilder().build().portRange()).contains(r);
    assertThat(IceConfig.defaults().portRange()).isEmpty();
  }

  private static List<NetworkInterface> usableInterfaces() throws Exception {
    List<NetworkInterface> list = new ArrayList<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nif.isUp() && !nif.isLoopback() && nif.getInetAddresses().hasMoreElements()) {
        list.add(nif);
      }
    }
    return list;
  }
}
