package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 3: keepalives only as often as NATs need (25 s), and a dead node noticed from a
 * failed keepalive or a request to it that timed out, then replaced at once. Virtual time.
 */
class KeepaliveTest {

  /** One datagram the peer sent. */
  private record Sent(long at, InetSocketAddress to, Msg msg) {}

  private final WireCodec codec = new WireCodec();

  /** A peer on 10.1.1.{n}:5000 whose every sent datagram is recorded. */
  private ClientCore peer(
      SimOverlay overlay,
      Identity identity,
      int n,
      List<InetSocketAddress> bootstrap,
      ClientSettings settings,
      List<Sent> sent) {
    ClientCore[] holder = new ClientCore[1];
    Env base =
        overlay.net.attach(
            new InetSocketAddress("10.1.1." + n, 5000),
            (from, data) -> holder[0].received(from, data));
    Env recording =
        new Env() {
          @Override
          public long nowMillis() {
            return base.nowMillis();
          }

          @Override
          public long wallMillis() {
            return base.wallMillis();
          }

          @Override
          public Cancellable schedule(long delayMillis, Runnable task) {
            return base.schedule(delayMillis, task);
          }

          @Override
          public void send(InetSocketAddress to, byte[] datagram) {
            try {
              sent.add(new Sent(base.nowMillis(), to, codec.decode(datagram)));
            } catch (WireException e) {
              throw new AssertionError(e);
            }
            base.send(to, datagram);
          }
        };
    holder[0] = new ClientCore(identity, settings, recording, bootstrap, overlay.secureRandom(), n);
    holder[0].start();
    return holder[0];
  }

  private static boolean ready(SimOverlay overlay, ClientCore peer) {
    boolean[] ready = {false};
    peer.whenReady(() -> ready[0] = true);
    return overlay.net.runUntil(() -> ready[0], 3_000);
  }

  private static InetSocketAddress address(NodeAddress n) {
    return new InetSocketAddress(n.host(), n.port());
  }

  private static long pingsTo(List<Sent> sent, InetSocketAddress node, long from, long to) {
    return sent.stream()
        .filter(s -> s.to.equals(node) && s.msg instanceof Msg.Ping)
        .filter(s -> s.at >= from && s.at < to)
        .count();
  }

  @Test
  void anIdlePeerPingsEachOfItsNodesOncePerKeepaliveThatIs144AnHour() {
    SimOverlay overlay = new SimOverlay(31, 6);
    List<Sent> sent = new ArrayList<>();
    ClientCore bob =
        peer(
            overlay,
            overlay.newIdentity(),
            1,
            overlay.nodeAddresses,
            ClientSettings.defaults(),
            sent);
    assertThat(ready(overlay, bob)).isTrue();
    long start = overlay.net.now();
    overlay.net.runUntil(start + 3_600_000);
    List<InetSocketAddress> nodes =
        bob.attachedNodes().stream().map(KeepaliveTest::address).toList();
    assertThat(nodes).hasSize(2);
    for (InetSocketAddress node : nodes) {
      assertThat(pingsTo(sent, node, start, start + 3_600_000))
          .as("pings to %s in an hour", node)
          .isBetween(143L, 145L);
    }
    long all = sent.stream().filter(s -> s.at >= start).count();
    System.out.printf(
        "idle peer, one hour: %d datagrams to its 2 nodes (keepalives, 5-minute republishes)%n",
        all);
    assertThat(all).as("keepalives and the 5-minute republishes, nothing else").isLessThan(400);
    assertThat(bob.failovers()).isZero();
  }

  @Test
  void aNodeThatDiesIsReplacedWhenTheNextKeepaliveGoesUnansweredAndTheRecordNoLongerListsIt() {
    SimOverlay overlay = new SimOverlay(32, 6);
    List<Sent> sent = new ArrayList<>();
    ClientCore bob =
        peer(
            overlay,
            overlay.newIdentity(),
            1,
            overlay.nodeAddresses,
            ClientSettings.defaults(),
            sent);
    assertThat(ready(overlay, bob)).isTrue();
    InetSocketAddress dead = address(bob.attachedNodes().get(0));
    long killedAt = overlay.net.now();
    overlay.net.kill(dead);

    assertThat(overlay.net.runUntil(() -> bob.failovers() == 1, 25_000 + 1_200 + 500)).isTrue();
    long noticedAt = overlay.net.now();
    long firstPing =
        sent.stream()
            .filter(s -> s.to.equals(dead) && s.msg instanceof Msg.Ping && s.at >= killedAt)
            .mapToLong(Sent::at)
            .min()
            .orElseThrow();
    assertThat(pingsTo(sent, dead, killedAt, noticedAt + 1))
        .as("one keepalive: its three tries, nothing more frequent")
        .isEqualTo(3);
    assertThat(noticedAt - firstPing).as("three tries of 400 ms").isBetween(1_100L, 1_300L);
    assertThat(overlay.net.runUntil(() -> bob.attachedNodes().size() == 2, 1_000)).isTrue();
    assertThat(bob.attachedNodes()).extracting(KeepaliveTest::address).doesNotContain(dead);
  }

  @Test
  void aRequestThatTimesOutThroughANodeChecksItAtOnceWithoutWaitingForTheKeepalive() {
    SimOverlay overlay = new SimOverlay(33, 6);
    List<Sent> sent = new ArrayList<>();
    Identity bobId = overlay.newIdentity();
    ClientCore alice = overlay.addPeer(overlay.newIdentity(), overlay.nodeAddresses.subList(3, 6));
    long started = overlay.net.now();
    ClientCore bob =
        peer(overlay, bobId, 1, overlay.nodeAddresses, ClientSettings.defaults(), sent);
    assertThat(ready(overlay, bob)).isTrue();
    assertThat(ready(overlay, alice)).isTrue();
    // just after a keepalive: the next is 25 s away
    overlay.net.runUntil(started + 25_000 + 100);
    InetSocketAddress dead = address(bob.attachedNodes().get(0));
    overlay.net.kill(dead);
    long killedAt = overlay.net.now();

    AtomicReference<Object> outcome = new AtomicReference<>();
    bob.messenger().send(alice.id(), new byte[] {7}, e -> outcome.set(e == null ? "ok" : e));
    assertThat(overlay.net.runUntil(() -> bob.failovers() == 1, 3_000))
        .as("the lookup through the dead node timed out, and a keepalive checked it at once")
        .isTrue();
    assertThat(overlay.net.now() - killedAt).isLessThan(3_000);
    assertThat(overlay.net.runUntil(() -> outcome.get() != null, 3_000)).isTrue();
    assertThat(outcome.get()).as("the message went through the live node").isEqualTo("ok");
    assertThat(overlay.net.runUntil(() -> bob.attachedNodes().size() == 2, 1_000)).isTrue();
    assertThat(bob.attachedNodes()).extracting(KeepaliveTest::address).doesNotContain(dead);
  }

  @Test
  void aNodeThatFailedIsTriedAgainAfterItsBackoffWithoutWaitingForTheKeepalive() {
    SimOverlay overlay = new SimOverlay(34, 2);
    // the third bootstrap node does not exist yet: the next node SimOverlay adds will be there
    InetSocketAddress later = new InetSocketAddress("10.0.2.1", 4000);
    List<InetSocketAddress> bootstrap = new ArrayList<>(overlay.nodeAddresses);
    bootstrap.add(later);
    ClientCore bob =
        peer(
            overlay,
            overlay.newIdentity(),
            1,
            bootstrap,
            ClientSettings.defaults(),
            new ArrayList<>());
    assertThat(ready(overlay, bob)).isTrue();
    overlay.net.kill(overlay.nodeAddresses.get(1));
    assertThat(overlay.net.runUntil(() -> bob.failovers() == 1, 27_000)).isTrue();
    long failedOver = overlay.net.now();
    overlay.net.runUntil(failedOver + 1_000);
    assertThat(bob.attachedNodes()).as("the third node did not answer yet").hasSize(1);

    OverlayNode third = overlay.addNode();
    assertThat(overlay.nodeAddresses.get(2)).isEqualTo(later);
    assertThat(
            overlay.net.runUntil(
                () -> bob.attachedNodes().stream().anyMatch(n -> n.node().equals(third.id())),
                12_000))
        .as("tried again after its 10 s backoff, well before the next keepalive")
        .isTrue();
    assertThat(overlay.net.now() - failedOver).isLessThan(13_000);
  }

  @Test
  void aSuspendedPeerSendsNoKeepalivesAndOnResumeReplacesItsDeadNodesAtOnce() {
    SimOverlay overlay = new SimOverlay(35, 8);
    List<Sent> sent = new ArrayList<>();
    Identity bobId = overlay.newIdentity();
    ClientCore alice = overlay.addPeer(overlay.newIdentity(), overlay.nodeAddresses.subList(0, 3));
    ClientCore bob =
        peer(
            overlay,
            bobId,
            1,
            overlay.nodeAddresses.subList(4, 8),
            ClientSettings.defaults(),
            sent);
    assertThat(ready(overlay, bob)).isTrue();
    assertThat(ready(overlay, alice)).isTrue();
    List<NodeAddress> before = bob.attachedNodes();

    bob.suspend();
    long suspendedAt = overlay.net.now();
    overlay.net.runUntil(suspendedAt + 600_000);
    assertThat(sent.stream().filter(s -> s.at >= suspendedAt && s.msg instanceof Msg.Ping))
        .as("no keepalive in ten minutes suspended")
        .isEmpty();
    before.forEach(n -> overlay.net.kill(address(n)));
    overlay.net.runUntil(overlay.net.now() + 60_000);
    assertThat(bob.failovers()).as("nothing noticed while suspended").isZero();

    boolean[] back = {false};
    long resumedAt = overlay.net.now();
    bob.resume(() -> back[0] = true);
    assertThat(overlay.net.runUntil(() -> back[0], 3_000)).isTrue();
    assertThat(overlay.net.now() - resumedAt)
        .as("three unanswered pings, then attach and publish")
        .isLessThan(2_000);
    assertThat(bob.attachedNodes()).hasSize(2).doesNotContainAnyElementsOf(before);

    AtomicReference<Object> outcome = new AtomicReference<>();
    alice.messenger().send(bobId.peerId(), new byte[] {1}, e -> outcome.set(e == null ? "ok" : e));
    assertThat(overlay.net.runUntil(() -> outcome.get() != null, 3_000)).isTrue();
    assertThat(outcome.get()).isEqualTo("ok");
  }

  @Test
  void aPeerWithOneBootstrapNodeAttachesAtOnceToASecondNodeItNames() {
    SimOverlay overlay = new SimOverlay(36, 4);
    ClientCore bob =
        peer(
            overlay,
            overlay.newIdentity(),
            1,
            overlay.nodeAddresses.subList(0, 1),
            ClientSettings.defaults(),
            new ArrayList<>());
    assertThat(ready(overlay, bob)).as("ready without waiting for a keepalive").isTrue();
    assertThat(bob.attachedNodes()).hasSize(2);
  }

  @Test
  void aNetworkChangePingsEveryNodeAtOnceInsteadOfAtTheNextKeepalive() {
    SimOverlay overlay = new SimOverlay(37, 4);
    List<Sent> sent = new ArrayList<>();
    long started = overlay.net.now();
    ClientCore bob =
        peer(
            overlay,
            overlay.newIdentity(),
            1,
            overlay.nodeAddresses,
            ClientSettings.defaults(),
            sent);
    assertThat(ready(overlay, bob)).isTrue();
    overlay.net.runUntil(started + 10_000);
    long changed = overlay.net.now();
    bob.networkChanged();
    overlay.net.runUntil(changed + 100);
    for (NodeAddress n : bob.attachedNodes()) {
      assertThat(pingsTo(sent, address(n), changed, changed + 100)).isEqualTo(1);
    }
  }

  @Test
  void aFailedNodeIsAvoidedLongerWithEachFailureInARowAndNotAtAllOnceItWorks() {
    KnownNodes known = new KnownNodes(10_000);
    InetSocketAddress a = new InetSocketAddress("10.0.0.1", 4000);
    known.learn(a);
    known.learn(a);
    assertThat(known.count()).isEqualTo(1);
    assertThat(known.avoidedUntil(a, 0)).isZero();
    known.failed(a, 0);
    assertThat(known.avoidedUntil(a, 0)).isEqualTo(10_000);
    assertThat(known.avoidedUntil(a, 10_000)).as("over").isZero();
    known.failed(a, 10_000);
    assertThat(known.avoidedUntil(a, 10_000)).isEqualTo(30_000);
    for (int i = 0; i < 10; i++) {
      known.failed(a, 0);
    }
    assertThat(known.avoidedUntil(a, 0)).as("at most 8 times").isEqualTo(80_000);
    known.worked(a);
    assertThat(known.avoidedUntil(a, 0)).isZero();
    known.failed(a, 0);
    assertThat(known.avoidedUntil(a, 0)).as("counting afresh").isEqualTo(10_000);
  }
}
