package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.nat.CandidateType;
import io.peervoice.nat.DatagramHandler;
import io.peervoice.nat.IceCandidate;
import io.peervoice.nat.PathState;
import io.peervoice.nat.PortPredictionReport;
import io.peervoice.nat.internal.stun.IceCredentials;
import io.peervoice.nat.internal.stun.ProbeStun;
import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.MediaLoops;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Port prediction's two roles against each other on real loopback sockets, with the easy side's
 * "random" guesses scripted to be the hard side's ports (the birthday hit the lab gets by chance):
 * the hit becomes the same direct path at both ends, media flows over it, checks that do not
 * authenticate find nothing, and a path that loses consent sends the media back to the relay.
 */
class PortPredictionProbeTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int PORTS = 8;
  private final MediaLoops loops = MediaLoops.create(1, "pp-test");
  private final MediaLoop loop = loops.next();
  // the probes run on a loop of their own, as in calls (ProbeLoop): not the ICE port's
  private final MediaLoops probeLoops = MediaLoops.create(1, "pp-probe");
  private final MediaLoop probeLoop = probeLoops.next();
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    loops.close();
    probeLoops.close();
  }

  private static IceCandidate srflx(InetSocketAddress a) {
    return new IceCandidate(
        "1",
        1,
        100,
        a.getAddress().getHostAddress(),
        a.getPort(),
        CandidateType.SERVER_REFLEXIVE,
        null,
        0);
  }

  /** Seeded bytes; nextInt(bound) answers the scripted ports first. */
  private static RandomGenerator scripted(List<Integer> ports) {
    ArrayDeque<Integer> next = new ArrayDeque<>(ports);
    SplittableRandom seeded = new SplittableRandom(15);
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return seeded.nextLong();
      }

      @Override
      public int nextInt(int bound) {
        Integer p = next.poll();
        return p != null ? p - 1024 : seeded.nextInt(bound);
      }
    };
  }

  private record Pair(PortPredictionProbe easy, PortPredictionProbe hard, HostPort easyPort) {}

  /** The hard side opens its sockets first, then the easy side sprays at exactly them. */
  private Pair start(String easySeesHardPassword, Duration consentFailAfter) throws Exception {
    return start(easySeesHardPassword, consentFailAfter, null);
  }

  /** As above; {@code before} sees the easy port's STUN before the easy probe does. */
  private Pair start(
      String easySeesHardPassword, Duration consentFailAfter, HostPort.StunTap before)
      throws Exception {
    HostPort easyPort = HostPort.bind(loop, LOOPBACK, 0);
    open.add(easyPort);
    if (before != null) {
      easyPort.addTap(before);
    }
    InetSocketAddress easyAddress = easyPort.localAddress();
    ProbePlan hardPlan =
        new ProbePlan(
            PORTS,
            null,
            null,
            LOOPBACK,
            srflx(easyAddress),
            Duration.ofSeconds(1),
            Duration.ofMillis(20),
            consentFailAfter);
    PortPredictionProbe hard =
        new PortPredictionProbe(
            hardPlan,
            probeLoop,
            loop,
            new ProbeStun(
                new IceCredentials("uh", "ph-secret", "ue", "pe-secret"),
                new SplittableRandom(1),
                64),
            new SplittableRandom(2),
            System::currentTimeMillis);
    open.add(hard);
    hard.start();
    await().until(() -> hard.socketAddresses().size() == PORTS);
    List<Integer> hardPorts =
        hard.socketAddresses().stream().map(InetSocketAddress::getPort).toList();
    // the hard side's "reflexive" candidate: its IP; the easy side sprays at that IP only
    ProbePlan easyPlan =
        new ProbePlan(
            PORTS,
            easyPort,
            srflx(easyAddress),
            null,
            srflx(new InetSocketAddress(LOOPBACK, 9)),
            Duration.ofSeconds(1),
            Duration.ofMillis(20),
            consentFailAfter);
    PortPredictionProbe easy =
        new PortPredictionProbe(
            easyPlan,
            probeLoop,
            loop,
            new ProbeStun(
                new IceCredentials("ue", "pe-secret", "uh", easySeesHardPassword),
                new SplittableRandom(3),
                64),
            scripted(hardPorts),
            System::currentTimeMillis);
    open.add(easy);
    easy.start();
    return new Pair(easy, hard, easyPort);
  }

  @Test
  void aHitBecomesTheSameDirectPathAtBothEndsAndCarriesMedia() throws Exception {
    Pair p = start("ph-secret", Duration.ofSeconds(30));
    await().until(() -> p.easy().report().active() && p.hard().report().active());

    PredictedLink[] links = new PredictedLink[2];
    p.easy().listen(noListener()); // the links as a path would see them
    links[0] = p.easy().listen(noListener());
    links[1] = p.hard().listen(noListener());
    assertThat(links[0].peer()).isIn(p.hard().socketAddresses());
    assertThat(links[1].peer()).isEqualTo(p.easyPort().localAddress());
    assertThat(links[0].remote().type()).isEqualTo(CandidateType.PEER_REFLEXIVE);
    assertThat(links[1].local().type()).isEqualTo(CandidateType.PEER_REFLEXIVE);
    // the hard side closed the sockets that were not hit
    assertThat(p.hard().socketAddresses()).hasSize(1);
    PortPredictionReport hard = p.hard().report();
    assertThat(hard.socketsOpened()).isEqualTo(PORTS);
    assertThat(hard.probesSent()).isBetween(1, PORTS);
    assertThat(p.easy().report().probesSent()).isBetween(2, PORTS + ProbePlan.NOMINATIONS);

    List<byte[]> heard = new CopyOnWriteArrayList<>();
    List<String> heardOn = new CopyOnWriteArrayList<>();
    links[1].attach(
        (data, offset, length) -> {
          heardOn.add(Thread.currentThread().getName());
          heard.add(java.util.Arrays.copyOfRange(data, offset, offset + length));
        });
    List<byte[]> heardBack = new CopyOnWriteArrayList<>();
    links[0].attach(
        (data, offset, length) ->
            heardBack.add(java.util.Arrays.copyOfRange(data, offset, offset + length)));
    byte[] rtp = {(byte) 0x80, 111, 0, 1};
    await()
        .untilAsserted(
            () -> {
              links[0].send(rtp, 0, rtp.length);
              links[1].send(rtp, 0, rtp.length);
              assertThat(heard).isNotEmpty();
              assertThat(heardBack).isNotEmpty();
            });
    assertThat(heard.get(0)).isEqualTo(rtp);
    assertThat(heardOn)
        .as("the hard path's media is handled on the call's loop, not the probe's (S8 review)")
        .allMatch(t -> t.startsWith("pp-test"));
  }

  /**
   * A hard path's datagrams wait for the call's loop at most {@link
   * PredictedLink.Hard#MAX_IN_FLIGHT} at once; past it they are dropped and counted, and only the
   * peer's address is taken.
   */
  @Test
  void aHardPathHandsAtMostABoundedNumberToTheCallsLoop() {
    ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    InetSocketAddress peer = new InetSocketAddress(LOOPBACK, 40_000);
    PredictedLink.Hard link =
        new PredictedLink.Hard(
            null, tasks::add, srflx(peer), srflx(new InetSocketAddress(LOOPBACK, 9)), peer);
    List<Integer> heard = new ArrayList<>();
    link.attach((data, offset, length) -> heard.add(data[offset] & 0xff));
    tasks.poll().run();
    byte[] datagram = new byte[12];
    link.onMedia(datagram, 0, 12, new InetSocketAddress(LOOPBACK, 40_001)); // not the peer
    for (int i = 0; i < PredictedLink.Hard.MAX_IN_FLIGHT + 10; i++) {
      datagram[0] = (byte) i;
      link.onMedia(datagram, 0, 12, peer);
    }
    assertThat(tasks).hasSize(PredictedLink.Hard.MAX_IN_FLIGHT);
    assertThat(link.dropped()).isEqualTo(10);
    datagram[0] = 0x7f; // the socket's buffer is reused: each was copied when handed over
    for (Runnable t; (t = tasks.poll()) != null; ) {
      t.run();
    }
    assertThat(heard).hasSize(PredictedLink.Hard.MAX_IN_FLIGHT).startsWith(0, 1, 2);
    link.onMedia(datagram, 0, 12, peer);
    assertThat(tasks).as("room again once taken").hasSize(1);

    PredictedLink.Hard closing =
        new PredictedLink.Hard(
            null,
            t -> {
              throw new java.util.concurrent.RejectedExecutionException("the call's loop ended");
            },
            srflx(peer),
            srflx(new InetSocketAddress(LOOPBACK, 9)),
            peer);
    for (int i = 0; i < 2 * PredictedLink.Hard.MAX_IN_FLIGHT; i++) {
      closing.onMedia(datagram, 0, 12, peer);
    }
    assertThat(closing.dropped())
        .as("a hand-over the loop refused gives its place back: none is counted as a flood")
        .isZero();
  }

  @Test
  void theSprayingSideTakesThePathWhenEveryAnswerToItsNominationIsLost() throws Exception {
    // the hard side takes the path on the nomination; the answers to it never come back (only the
    // first answer from each address, the one to the sprayed check, gets through). Before the fix
    // the easy side stayed on the relay while the hard side sent its media direct: one-way audio.
    java.util.Set<InetSocketAddress> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
    HostPort.StunTap dropNominationAnswers =
        (data, offset, length, from) ->
            length > 1
                && data[offset] == 0x01
                && data[offset + 1] == 0x01 // a Binding success response
                && !answered.add(from);
    Pair p = start("ph-secret", Duration.ofSeconds(30), dropNominationAnswers);
    await().until(() -> p.hard().report().active());
    await().until(() -> p.easy().report().active());
    PredictedLink easyLink = p.easy().listen(noListener());
    PredictedLink hardLink = p.hard().listen(noListener());
    assertThat(easyLink.peer()).isEqualTo(p.hard().socketAddresses().get(0));
    assertThat(hardLink.peer()).isEqualTo(p.easyPort().localAddress());
  }

  @Test
  void checksThatDoNotAuthenticateFindNothing() throws Exception {
    // the easy side signs with a wrong password: the hard side drops every sprayed check
    Pair p = start("not-the-password", Duration.ofSeconds(30));
    await().until(() -> p.easy().gaveUp() && p.hard().gaveUp());
    assertThat(p.easy().report().found()).isFalse();
    assertThat(p.hard().report().found()).isFalse();
    assertThat(p.hard().socketAddresses()).as("every socket closed").isEmpty();
    assertThat(p.easy().report().probesSent())
        .as("one burst and at most the nominations, bounded")
        .isBetween(PORTS, PORTS + ProbePlan.NOMINATIONS);
  }

  @Test
  void aPathThatLosesConsentSendsTheMediaBackToTheRelay() throws Exception {
    Pair p = start("ph-secret", Duration.ofMillis(300));
    await().until(() -> p.easy().report().active());
    AtomicInteger relaySends = new AtomicInteger();
    RelayStandIn relay = new RelayStandIn(relaySends);
    PredictedPath path = new PredictedPath(relay, p.easy());
    assertThat(path.localCandidate().type()).isEqualTo(CandidateType.SERVER_REFLEXIVE);
    assertThat(path.remoteCandidate().type()).isEqualTo(CandidateType.PEER_REFLEXIVE);
    assertThat(path.relayTransport()).isEmpty();
    path.send(new byte[] {(byte) 0x80, 0}, 0, 2);
    assertThat(relaySends).hasValue(0);

    List<PathState> heard = new CopyOnWriteArrayList<>();
    path.onStateChange(heard::add);
    relay.updateState(PathState.FAILED); // the relay's consent fails while the direct path carries
    assertThat(path.state()).isEqualTo(PathState.CONNECTED);
    assertThat(heard).as("hidden while the direct path carries the media").isEmpty();

    p.hard().close(); // the peer's socket goes: no more answers to our consent checks
    await().atMost(Duration.ofSeconds(5)).until(() -> !p.easy().report().active());
    await()
        .untilAsserted(
            () ->
                assertThat(heard)
                    .as("the relay's failure, told once the direct path is lost")
                    .containsExactly(PathState.FAILED));
    path.send(new byte[] {(byte) 0x80, 0}, 0, 2);
    assertThat(relaySends).hasValue(1);
    assertThat(path.localCandidate().type()).isEqualTo(CandidateType.RELAYED);
    assertThat(path.portPrediction()).hasValueSatisfying(r -> assertThat(r.found()).isTrue());
  }

  @Test
  void aDirectPathThatLostConsentIsTriedOnceMore() throws Exception {
    // the answers to the easy side's consent checks are lost while "cut" (a link down for a while)
    java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
    HostPort.StunTap dropAnswers =
        (data, offset, length, from) ->
            cut.get() && length > 1 && data[offset] == 0x01 && data[offset + 1] == 0x01;
    Pair p = start("ph-secret", Duration.ofMillis(300), dropAnswers);
    await().until(() -> p.easy().report().active());
    AtomicInteger relaySends = new AtomicInteger();
    PredictedPath path = new PredictedPath(new RelayStandIn(relaySends), p.easy());
    byte[] rtp = {(byte) 0x80, 0};

    cut.set(true);
    await().atMost(Duration.ofSeconds(5)).until(() -> !p.easy().report().active());
    path.send(rtp, 0, rtp.length);
    assertThat(relaySends).as("back on the relay").hasValue(1);

    cut.set(false); // the link heals: the retry after the back-off finds the path again
    await().atMost(Duration.ofSeconds(10)).until(() -> p.easy().report().active());
    path.send(rtp, 0, rtp.length);
    assertThat(relaySends).as("direct again").hasValue(1);
    assertThat(path.remoteCandidate().type()).isEqualTo(CandidateType.PEER_REFLEXIVE);

    cut.set(true); // lost again: once only, so the easy side gives the path up for good ...
    await().atMost(Duration.ofSeconds(5)).until(() -> !p.easy().report().active());
    cut.set(false);
    // ... and stops answering on it (its tap is gone), so the hard side loses it too
    await().atMost(Duration.ofSeconds(10)).until(() -> !p.hard().report().active());
    assertThat(p.easy().report().active()).isFalse();
    path.send(rtp, 0, rtp.length);
    assertThat(relaySends).hasValue(2);
  }

  private static PredictedLink.Listener noListener() {
    return new PredictedLink.Listener() {
      @Override
      public void found(PredictedLink link) {}

      @Override
      public void lost() {}
    };
  }

  /** A relayed path that only counts what it is asked to send. */
  private static final class RelayStandIn extends BaseMediaPath {
    private final AtomicInteger sends;

    RelayStandIn(AtomicInteger sends) {
      super(
          new IceCandidate("r", 1, 5, "192.0.2.1", 50000, CandidateType.RELAYED, "10.0.0.1", 4000),
          new IceCandidate("s", 1, 5, "192.0.2.2", 50001, CandidateType.SERVER_REFLEXIVE, null, 0),
          1,
          SourceFilter.of(new InetSocketAddress("192.0.2.2", 50001)),
          Runnable::run);
      this.sends = sends;
    }

    @Override
    void beginReceiving(DatagramHandler handler, SourceFilter sources) {}

    @Override
    void stopReceiving() {}

    @Override
    public void send(byte[] data, int offset, int length) {
      sends.incrementAndGet();
    }

    @Override
    public boolean loopbackFallback() {
      return false;
    }

    @Override
    public void close() {}
  }
}
