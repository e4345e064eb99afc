package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.DeliveryException;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PublicIdentity;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OverlayScenarioTest {

  private record Received(PublicIdentity from, byte[] payload) {}

  @Test
  void everyNodeFindsEveryOtherThroughProvenContacts() {
    SimOverlay overlay = new SimOverlay(1, 12);
    // All twelve joined at the same instant, through a bootstrap that knew nobody yet; one bucket
    // refresh (30 s) later every node has met the others it has room for.
    overlay.net.runUntil(overlay.net.now() + 31_000);
    int[] found = {0};
    int[] answered = {0};
    for (OverlayNode from : overlay.nodes) {
      for (OverlayNode to : overlay.nodes) {
        if (from != to) {
          from.findNode(
              to.id(),
              r -> {
                answered[0]++;
                if (!r.closest().isEmpty() && r.closest().get(0).id().equals(to.id())) {
                  found[0]++;
                }
              });
        }
      }
    }
    overlay.net.runUntil(() -> answered[0] == 12 * 11, 10_000);
    assertThat(found[0]).isEqualTo(12 * 11);
    long verified = 0;
    for (NodeCounters c : overlay.counters) {
      verified += c.get(NodeCounters.Event.NODE_VERIFIED);
    }
    assertThat(verified).as("nodes entered tables only by proving their ids").isPositive();
  }

  @Test
  void aMessageReachesAPeerThroughItsNodeSealedAndOnce() {
    SimOverlay overlay = new SimOverlay(2, 10);
    Identity alice = overlay.newIdentity();
    Identity bob = overlay.newIdentity();
    ClientCore a = overlay.addPeer(alice, overlay.nodeAddresses.subList(0, 3));
    ClientCore b = overlay.addPeer(bob, overlay.nodeAddresses.subList(5, 8));
    List<Received> inbox = new ArrayList<>();
    b.messenger().onMessage((from, payload) -> inbox.add(new Received(from, payload)));
    boolean[] ready = {false, false};
    a.whenReady(() -> ready[0] = true);
    b.whenReady(() -> ready[1] = true);
    assertThat(overlay.net.runUntil(() -> ready[0] && ready[1], 3_000)).isTrue();
    assertThat(b.attachedNodes()).hasSize(2);

    AtomicReference<Object> outcome = new AtomicReference<>();
    a.messenger()
        .send(
            bob.peerId(),
            "hello".getBytes(StandardCharsets.UTF_8),
            e -> outcome.set(e == null ? "ok" : e));
    assertThat(overlay.net.runUntil(() -> outcome.get() != null, 3_000)).isTrue();
    assertThat(outcome.get()).isEqualTo("ok");
    assertThat(inbox).hasSize(1);
    assertThat(inbox.get(0).from()).isEqualTo(alice.publicIdentity());
    assertThat(new String(inbox.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(b.reflexiveAddress()).isEqualTo(new InetSocketAddress("10.1.0.2", 5000));
  }

  @Test
  void largeMessagesAreFragmentedAndTooLargeOnesRefusedWithAReason() {
    SimOverlay overlay = new SimOverlay(3, 6);
    Identity alice = overlay.newIdentity();
    Identity bob = overlay.newIdentity();
    ClientCore a = overlay.addPeer(alice, overlay.nodeAddresses);
    ClientCore b = overlay.addPeer(bob, overlay.nodeAddresses);
    List<byte[]> inbox = new ArrayList<>();
    b.messenger().onMessage((from, payload) -> inbox.add(payload));
    overlay.net.runUntil(overlay.net.now() + 2_000);

    byte[] big = new byte[12_000];
    new java.util.Random(7).nextBytes(big);
    AtomicReference<Object> outcome = new AtomicReference<>();
    a.messenger().send(bob.peerId(), big, e -> outcome.set(e == null ? "ok" : e));
    overlay.net.runUntil(() -> outcome.get() != null, 3_000);
    assertThat(outcome.get()).isEqualTo("ok");
    assertThat(inbox).hasSize(1);
    assertThat(inbox.get(0)).isEqualTo(big);

    outcome.set(null);
    a.messenger().send(bob.peerId(), new byte[20_000], e -> outcome.set(e));
    assertThat(outcome.get())
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> assertThat(e.reason()).isEqualTo(DeliveryException.Reason.TOO_LARGE));
  }

  @Test
  void anUnknownPeerIsReportedNotFound() {
    SimOverlay overlay = new SimOverlay(4, 6);
    ClientCore a = overlay.addPeer(overlay.newIdentity(), overlay.nodeAddresses);
    overlay.net.runUntil(overlay.net.now() + 2_000);
    AtomicReference<DeliveryException> outcome = new AtomicReference<>();
    boolean[] done = {false};
    a.messenger()
        .send(
            overlay.newIdentity().peerId(),
            new byte[] {1},
            e -> {
              outcome.set(e);
              done[0] = true;
            });
    overlay.net.runUntil(() -> done[0], 5_000);
    assertThat(outcome.get().reason()).isEqualTo(DeliveryException.Reason.PEER_NOT_FOUND);
  }

  @Test
  void whenBothOfItsNodesDieAPeerIsReachableAgainWithinOneKeepaliveAndTwoSeconds() {
    long failover = failover(5, ClientSettings.defaults());
    assertThat(failover).as("failover, ms").isLessThanOrEqualTo(25_000 + 2_000);
  }

  @Test
  void aFastKeepaliveFailsOverFastAtTheCostOfWakeUps() {
    long failover = failover(5, ClientSettings.defaults().withKeepalive(250));
    assertThat(failover).as("failover, ms").isLessThanOrEqualTo(250 + 2_000);
  }

  /** Kills both nodes of a peer and returns how long until a message reaches it again. */
  private static long failover(long seed, ClientSettings bobSettings) {
    SimOverlay overlay = new SimOverlay(seed, 8);
    Identity alice = overlay.newIdentity();
    Identity bob = overlay.newIdentity();
    ClientCore a = overlay.addPeer(alice, overlay.nodeAddresses.subList(0, 3));
    ClientCore b = overlay.addPeer(bob, overlay.nodeAddresses.subList(4, 8), bobSettings);
    overlay.net.runUntil(overlay.net.now() + 5_000);
    List<NodeAddress> before = b.attachedNodes();
    assertThat(before).hasSize(2);
    long killedAt = overlay.net.now();
    for (NodeAddress n : before) {
      overlay.net.kill(new InetSocketAddress(n.host(), n.port()));
    }
    long[] deliveredAt = {-1};
    boolean[] inFlight = {false};
    while (deliveredAt[0] < 0
        && overlay.net.now() - killedAt < bobSettings.keepaliveMillis() + 10_000) {
      if (!inFlight[0]) {
        inFlight[0] = true;
        a.messenger()
            .send(
                bob.peerId(),
                new byte[] {42},
                e -> {
                  inFlight[0] = false;
                  if (e == null) {
                    deliveredAt[0] = overlay.net.now();
                  }
                });
      }
      overlay.net.runUntil(overlay.net.now() + 10);
    }
    assertThat(deliveredAt[0]).as("delivered again").isPositive();
    assertThat(b.attachedNodes()).hasSize(2).doesNotContainAnyElementsOf(before);
    assertThat(b.failovers()).isEqualTo(2);
    return deliveredAt[0] - killedAt;
  }

  @Test
  void garbageIsCountedAndDroppedAndForgedAttachesRefused() {
    SimOverlay overlay = new SimOverlay(6, 3);
    OverlayNode node = overlay.nodes.get(0);
    InetSocketAddress attacker = new InetSocketAddress("10.9.9.9", 666);
    node.received(attacker, new byte[] {(byte) 0x83, 1, 2});
    node.received(attacker, new byte[0]);
    node.received(attacker, new byte[] {(byte) 0x9f, (byte) 0x9f, (byte) 0x9f});
    assertThat(overlay.counters.get(0).get(NodeCounters.Event.MALFORMED)).isEqualTo(3);

    Identity mallory = overlay.newIdentity();
    Identity victim = overlay.newIdentity();
    SimSource source = new SimSource(overlay.net, attacker);
    byte[] cookie = source.prove(overlay.nodeAddresses.get(0));
    long ts = source.env.wallMillis();
    byte[] forged = mallory.sign(AttachProof.signed(node.id(), cookie, ts));
    byte[] datagram =
        new io.peervoice.signaling.internal.wire.WireCodec()
            .encode(
                new io.peervoice.signaling.internal.wire.Msg.Attach(
                    1,
                    victim.publicIdentity().signingKey(),
                    victim.publicIdentity().agreementKey(),
                    node.id().bytes(),
                    ts,
                    forged,
                    cookie));
    node.received(attacker, datagram);
    assertThat(overlay.counters.get(0).get(NodeCounters.Event.ATTACH_REJECTED)).isEqualTo(1);
    assertThat(node.attachments()).isZero();
  }

  @Test
  void aPeerWhoseNodeForgotItsAttachmentHearsSoInTheKeepaliveAndAttachesAgain() {
    SimOverlay overlay = new SimOverlay(4, 5);
    Identity bob = overlay.newIdentity();
    ClientCore b = overlay.addPeer(bob, overlay.nodeAddresses);
    boolean[] ready = {false};
    b.whenReady(() -> ready[0] = true);
    assertThat(overlay.net.runUntil(() -> ready[0], 3_000)).isTrue();
    String host = b.attachedNodes().get(0).host();
    int index = overlay.nodeAddresses.indexOf(new InetSocketAddress(host, 4000));
    OverlayNode node = overlay.nodes.get(index);
    int before = node.attachments();
    node.detach(bob.peerId());
    assertThat(node.attachments()).isEqualTo(before - 1);
    overlay.net.runUntil(overlay.net.now() + 25_000 + 1_000); // the next keepalive
    assertThat(b.reattachments()).isEqualTo(1);
    assertThat(node.attachments()).isEqualTo(before);
    assertThat(b.failovers()).as("the node never stopped answering").isZero();
  }

  @Test
  void aRecordListingAddressesThatAreNotItsNodesGetsNoMessagesSentThere() {
    SimOverlay overlay = new SimOverlay(8, 6);
    Identity alice = overlay.newIdentity();
    ClientCore a = overlay.addPeer(alice, overlay.nodeAddresses.subList(2, 5));
    boolean[] ready = {false};
    a.whenReady(() -> ready[0] = true);
    assertThat(overlay.net.runUntil(() -> ready[0], 3_000)).isTrue();

    Identity bob = overlay.newIdentity();
    SimSource bobSocket = new SimSource(overlay.net, new InetSocketAddress("10.1.9.9", 5000));
    bobSocket.ackDelivers = true;
    InetSocketAddress node0 = overlay.nodeAddresses.get(0);
    OverlayNode first = overlay.nodes.get(0);
    bobSocket.attach(node0, first.id(), bob);
    bobSocket.run(10);
    SimSource victim = new SimSource(overlay.net, new InetSocketAddress("10.8.8.8", 1));
    InetSocketAddress node1 = overlay.nodeAddresses.get(1);
    io.peervoice.signaling.LocationRecord record =
        io.peervoice.signaling.LocationRecord.sign(
            bob,
            List.of(
                new io.peervoice.signaling.NodeAddress(first.id(), "10.0.0.1", 4000),
                new io.peervoice.signaling.NodeAddress(
                    overlay.newIdentity().peerId(), "10.8.8.8", 1),
                new io.peervoice.signaling.NodeAddress(
                    overlay.newIdentity().peerId(), node1.getAddress().getHostAddress(), 4000)),
            1,
            java.time.Instant.ofEpochMilli(bobSocket.env.wallMillis() + 600_000));
    bobSocket.send(
        node0,
        new io.peervoice.signaling.internal.wire.Msg.Publish(
            2, new io.peervoice.signaling.internal.wire.RecordCodec().encode(record)));
    bobSocket.run(2_000);

    long routedAtNode1 =
        overlay.counters.get(1).get(NodeCounters.Event.ROUTED)
            + overlay.counters.get(1).get(NodeCounters.Event.DELIVERY_FAILED);
    AtomicReference<Object> outcome = new AtomicReference<>();
    a.messenger().send(bob.peerId(), new byte[] {1, 2, 3}, e -> outcome.set(e == null ? "ok" : e));
    assertThat(overlay.net.runUntil(() -> outcome.get() != null, 3_000)).isTrue();
    assertThat(outcome.get()).isEqualTo("ok");
    assertThat(bobSocket.answers)
        .anyMatch(m -> m instanceof io.peervoice.signaling.internal.wire.Msg.Deliver);
    assertThat(victim.answers)
        .as("an address that never proved the listed id gets no message")
        .noneMatch(m -> m instanceof io.peervoice.signaling.internal.wire.Msg.Route);
    assertThat(victim.bytesReceived).as("at most one small HELLO").isLessThanOrEqualTo(64);
    assertThat(
            overlay.counters.get(1).get(NodeCounters.Event.ROUTED)
                + overlay.counters.get(1).get(NodeCounters.Event.DELIVERY_FAILED))
        .as("a real node listed under another id gets no ROUTE")
        .isEqualTo(routedAtNode1);
  }

  @Test
  void closingAClientFailsItsSendInFlightAsClosedOnceAndSendsNothingMore() {
    SimOverlay overlay = new SimOverlay(9, 4);
    Identity bob = overlay.newIdentity();
    List<ClientCore> peers =
        List.of(
            overlay.addPeer(overlay.newIdentity(), overlay.nodeAddresses),
            overlay.addPeer(bob, overlay.nodeAddresses));
    int[] ready = {0};
    peers.forEach(p -> p.whenReady(() -> ready[0]++));
    assertThat(overlay.net.runUntil(() -> ready[0] == 2, 3_000)).isTrue();
    ClientCore a = peers.get(0);
    int[] received = {0};
    peers.get(1).messenger().onMessage((from, payload) -> received[0]++);

    List<DeliveryException> outcomes = new ArrayList<>();
    a.messenger().send(bob.peerId(), new byte[] {1}, outcomes::add);
    assertThat(outcomes).as("the lookup is in flight").isEmpty();
    a.close();
    assertThat(outcomes)
        .as("failed by the close itself, with its reason")
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo(DeliveryException.Reason.CLOSED));

    overlay.net.runUntil(overlay.net.now() + 5_000);
    assertThat(outcomes).as("ended once").hasSize(1);
    assertThat(received[0]).as("nothing was routed after the close").isZero();
  }
}
