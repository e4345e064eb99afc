package io.peervoice.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.MediaLoops;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A direct path of sessions opened on a call's media loop: media reaches the handler on that loop's
 * thread straight from the socket (no receive thread is made), datagrams the peer sent before the
 * path received come first, an ICE restart's second session shares the loop, and closing frees the
 * ports. Real ice4j agents over the machine's interfaces.
 */
class LoopMediaPathTest {
  private static final String PREFIX = "lmp-loop";
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final IceConfig config = IceConfig.builder().loopbackFallback(false).build();
  private final MediaLoops loops = MediaLoops.create(2, PREFIX);
  private final AtomicInteger threadsMade = new AtomicInteger();
  private final ThreadFactory counting =
      r -> {
        threadsMade.incrementAndGet();
        return new Thread(r);
      };

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    loops.close();
  }

  private record Pair(IceSession a, IceSession b, MediaPath ab, MediaPath ba) {}

  private Pair connect(MediaLoop loopA, MediaLoop loopB) throws Exception {
    IceSession a = IceSessions.open(config, IceRole.CONTROLLING, scheduler, counting, loopA);
    IceSession b = IceSessions.open(config, IceRole.CONTROLLED, scheduler, counting, loopB);
    CompletableFuture<MediaPath> pathB = b.connect(a.localParameters());
    MediaPath ab = a.connect(b.localParameters()).get(20, TimeUnit.SECONDS);
    MediaPath ba = pathB.get(20, TimeUnit.SECONDS);
    return new Pair(a, b, ab, ba);
  }

  private record Heard(String text, boolean onLoop, String thread) {}

  @Test
  void mediaIsHandledOnTheLoopThreadAndEarlyDatagramsAreKept() throws Exception {
    MediaLoop loopA = loops.next();
    MediaLoop loopB = loops.next();
    Pair p = connect(loopA, loopB);
    try {
      byte[] early = "early".getBytes(StandardCharsets.UTF_8);
      p.ab().send(early, 0, early.length); // before b's path receives: kept for it (HostPortTest)
      List<Heard> heard = new CopyOnWriteArrayList<>();
      p.ba()
          .startReceiving(
              (d, off, len) ->
                  heard.add(
                      new Heard(
                          new String(d, off, len, StandardCharsets.UTF_8),
                          loopB.inLoop(),
                          Thread.currentThread().getName())));
      byte[] later = "later".getBytes(StandardCharsets.UTF_8);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                p.ab().send(later, 0, later.length);
                assertThat(heard).extracting(Heard::text).contains("later");
              });
      assertThat(heard.get(0).text()).isEqualTo("early");
      assertThat(heard)
          .allSatisfy(
              h -> {
                assertThat(h.onLoop()).isTrue();
                assertThat(h.thread()).startsWith(PREFIX);
              });
      assertThat(threadsMade).as("receive or gathering threads made").hasValue(0);
    } finally {
      p.a().close();
      p.b().close();
    }
  }

  @Test
  void dropsAreCountedEarlyMediaBeyondTheQueueAndSendsAfterClose() throws Exception {
    Pair p = connect(loops.next(), loops.next());
    try {
      assertThat(p.ab().sendDropped()).isZero();
      assertThat(p.ba().receiveDropped()).isZero();
      byte[] media = {(byte) 0x80, 1, 2, 3};
      int early = 32 + 3; // HostPort.PENDING are kept for a path that does not receive yet
      for (int i = 0; i < early; i++) {
        p.ab().send(media, 0, media.length);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(p.ba().receiveDropped()).isEqualTo(3));
      assertThat(p.ab().sendDropped()).as("nothing was refused on the way out").isZero();
    } finally {
      p.a().close();
      p.b().close();
    }
    p.ab().send(new byte[] {(byte) 0x80}, 0, 1); // the port is closed
    assertThat(p.ab().sendDropped()).isEqualTo(1);
  }

  @Test
  void aSecondSessionOnTheSameLoopConnectsWhileTheFirstCarriesMedia() throws Exception {
    MediaLoop loop = loops.next();
    Pair first = connect(loop, loop);
    Pair second = null;
    try {
      List<String> atB = new CopyOnWriteArrayList<>();
      first.ba().startReceiving((d, o, l) -> atB.add(new String(d, o, l, StandardCharsets.UTF_8)));
      second = connect(loop, loop);
      List<String> atB2 = new CopyOnWriteArrayList<>();
      second
          .ba()
          .startReceiving((d, o, l) -> atB2.add(new String(d, o, l, StandardCharsets.UTF_8)));
      byte[] one = "one".getBytes(StandardCharsets.UTF_8);
      byte[] two = "two".getBytes(StandardCharsets.UTF_8);
      Pair s = second;
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                first.ab().send(one, 0, one.length);
                s.ab().send(two, 0, two.length);
                assertThat(atB).contains("one").doesNotContain("two");
                assertThat(atB2).contains("two").doesNotContain("one");
              });
      assertThat(second.ba().localCandidate().port())
          .isNotEqualTo(first.ba().localCandidate().port());
    } finally {
      first.a().close();
      first.b().close();
      if (second != null) {
        second.a().close();
        second.b().close();
      }
    }
  }

  @Test
  void aDirectPathHoldsNoIce4jThreadAndOurStunKeepsBothConsentsFresh() throws Exception {
    Set<Thread> before = ice4jThreads();
    IceConfig quick =
        config.toBuilder().consentTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(4)).build();
    IceSession a = IceSessions.open(quick, IceRole.CONTROLLING, scheduler, counting, loops.next());
    IceSession b = IceSessions.open(quick, IceRole.CONTROLLED, scheduler, counting, loops.next());
    try {
      CompletableFuture<MediaPath> pathB = b.connect(a.localParameters());
      MediaPath ab = a.connect(b.localParameters()).get(20, TimeUnit.SECONDS);
      MediaPath ba = pathB.get(20, TimeUnit.SECONDS);
      List<PathState> changes = new CopyOnWriteArrayList<>();
      ab.onStateChange(changes::add);
      ba.onStateChange(changes::add);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(ice4jThreads()).as("ice4j's STUN readers").isSubsetOf(before));
      // past the 4 s failure timeout: each side's consent requests are answered by the other's
      await()
          .during(Duration.ofSeconds(5))
          .atMost(Duration.ofSeconds(7))
          .until(() -> changes.isEmpty() && ab.state() == PathState.CONNECTED);
      assertThat(ba.state()).isEqualTo(PathState.CONNECTED);
      assertThat(a.localParameters().candidates()).as("still what was offered").isNotEmpty();
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void aSessionOpenedWithoutALoopRunsOnItsOwnAndStopsItWhenClosed() throws Exception {
    Set<Thread> before = threadsNamed("peervoice-ice-loop");
    IceSession a = IceSessions.open(config, IceRole.CONTROLLING, scheduler, counting);
    IceSession b = IceSessions.open(config, IceRole.CONTROLLED, scheduler, counting);
    try {
      CompletableFuture<MediaPath> pathB = b.connect(a.localParameters());
      MediaPath ab = a.connect(b.localParameters()).get(20, TimeUnit.SECONDS);
      MediaPath ba = pathB.get(20, TimeUnit.SECONDS);
      List<String> threads = new CopyOnWriteArrayList<>();
      ba.startReceiving((d, o, l) -> threads.add(Thread.currentThread().getName()));
      byte[] one = {(byte) 0x80, 1};
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                ab.send(one, 0, one.length);
                return !threads.isEmpty();
              });
      assertThat(threads.get(0)).startsWith("peervoice-ice-loop");
    } finally {
      a.close();
      b.close();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(threadsNamed("peervoice-ice-loop")).isSubsetOf(before));
  }

  private static Set<Thread> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .collect(Collectors.toSet());
  }

  private static Set<Thread> ice4jThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("IceConnector") && t.isAlive())
        .collect(Collectors.toSet());
  }

  @Test
  void closingTheSessionFreesItsPorts() throws Exception {
    Pair p = connect(loops.next(), loops.next());
    IceCandidate local = p.ba().localCandidate();
    List<IceCandidate> all = p.b().localParameters().candidates();
    p.ba().close();
    p.a().close();
    assertThat(p.ba().state()).isEqualTo(PathState.CLOSED);
    for (IceCandidate c : all) {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getByName(c.address()), c.port());
      try (DatagramSocket again = new DatagramSocket(address)) {
        assertThat(again.getLocalPort()).isEqualTo(c.port());
      }
    }
    assertThat(all).contains(local);
  }
}
