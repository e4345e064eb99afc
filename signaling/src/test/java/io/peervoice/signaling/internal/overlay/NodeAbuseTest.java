package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.RecordCheck;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.sim.SimNetwork;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.StatusCode;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A single node in virtual time, fed by scripted sources that record every answer. */
class NodeAbuseTest {
  static final long WALL = 1_800_000_000_000L;
  private final SimNetwork net = new SimNetwork(9, 1, 1, 0, WALL);
  private final RecordCodec records = new RecordCodec();
  private final NodeCounters counters = new NodeCounters();
  private final InetSocketAddress nodeAddress = new InetSocketAddress("10.0.0.1", 4000);
  private final SecureRandom random = new SecureRandom();
  private OverlayNode node;

  private void start(NodeSettings settings) {
    OverlayNode[] holder = new OverlayNode[1];
    Env env = net.attach(nodeAddress, (from, data) -> holder[0].received(from, data));
    node = new OverlayNode(Identity.generate(random), settings, env, counters, 1);
    holder[0] = node;
    node.start(List.of());
  }

  private SimSource source(String ip, int port) {
    return new SimSource(net, new InetSocketAddress(ip, port));
  }

  private LocationRecord record(Identity who, long sequence, long expiresInMillis) {
    return record(
        who, sequence, expiresInMillis, List.of(new NodeAddress(node.id(), "10.0.0.1", 4000)));
  }

  private LocationRecord record(
      Identity who, long sequence, long expiresInMillis, List<NodeAddress> nodes) {
    return LocationRecord.sign(
        who, nodes, sequence, Instant.ofEpochMilli(WALL + net.now() + expiresInMillis));
  }

  /** Proves {@code s}'s address and attaches {@code who} from it; returns the ATTACH sent. */
  private Msg.Attach attach(SimSource s, Identity who) {
    return s.attach(nodeAddress, node.id(), who);
  }

  @Test
  void aFloodFromOneSourceIsCutAtItsBurstWhileOthersAreServed() {
    start(NodeSettings.defaults().withRate(100, 50));
    SimSource flooder = source("10.6.6.6", 1);
    flooder.prove(nodeAddress);
    for (int i = 0; i < 1_000; i++) {
      flooder.send(nodeAddress, new Msg.Ping(i, new byte[0], new byte[0]));
    }
    SimSource polite = source("10.7.7.7", 1);
    polite.prove(nodeAddress);
    polite.send(nodeAddress, new Msg.Ping(5_000, new byte[0], new byte[0]));
    net.runUntil(net.now() + 100);
    assertThat(counters.get(Event.RATE_LIMITED)).isGreaterThanOrEqualTo(900);
    assertThat(polite.answers).anyMatch(m -> m.tx() == 5_000);
    assertThat(flooder.answers).hasSizeLessThanOrEqualTo(50 + 2);
  }

  @Test
  void recordsAreCheckedBeforeStorageAndStaleOrExpiredOnesAreNeverServed() {
    start(NodeSettings.defaults());
    SimSource a = source("10.5.5.5", 1);
    Identity owner = Identity.generate(random);
    Identity forger = Identity.generate(random);
    attach(a, owner);
    assertThat(a.lastStatus().code()).isEqualTo(StatusCode.OK.wire());

    a.send(nodeAddress, new Msg.Publish(1, records.encode(record(owner, 5, 60_000))));
    a.run(10);
    assertThat(a.lastStatus().code()).isEqualTo(StatusCode.OK.wire());

    a.send(nodeAddress, new Msg.Publish(2, records.encode(record(owner, 4, 60_000))));
    a.run(10);
    assertThat(a.lastStatus().code()).isEqualTo(StatusCode.REJECTED_RECORD.wire());
    assertThat(a.lastStatus().value()).isEqualTo(RecordCheck.NOT_NEWER.ordinal());

    LocationRecord good = record(owner, 9, 60_000);
    LocationRecord forged =
        new LocationRecord(
            good.identity(),
            good.nodes(),
            good.sequence(),
            good.expires(),
            forger.sign(new byte[] {1}));
    a.send(nodeAddress, new Msg.Publish(3, records.encode(forged)));
    a.run(10);
    assertThat(a.lastStatus().value()).isEqualTo(RecordCheck.BAD_SIGNATURE.ordinal());
    assertThat(node.records()).isEqualTo(1);

    a.send(nodeAddress, new Msg.FindRecord(4, owner.peerId().bytes(), new byte[0]));
    a.run(10);
    assertThat(((Msg.RecordReply) a.last()).record()).isNotEmpty();

    net.runUntil(net.now() + 61_000);
    a.prove(nodeAddress);
    a.send(nodeAddress, new Msg.FindRecord(5, owner.peerId().bytes(), new byte[0]));
    a.run(10);
    assertThat(((Msg.RecordReply) a.last()).record())
        .as("expired records are never served")
        .isEmpty();
  }

  @Test
  void aPublishMustListThisNodeAndAnIdenticalOneIsNotReplicatedAgain() {
    start(NodeSettings.defaults());
    SimSource a = source("10.5.5.7", 1);
    Identity owner = Identity.generate(random);
    attach(a, owner);
    PeerId elsewhere = Identity.generate(random).peerId();
    a.send(
        nodeAddress,
        new Msg.Publish(
            1,
            records.encode(
                record(owner, 1, 60_000, List.of(new NodeAddress(elsewhere, "192.0.2.9", 7))))));
    a.run(10);
    assertThat(a.lastStatus().code()).isEqualTo(StatusCode.NOT_LISTED.wire());
    assertThat(node.records()).isZero();

    byte[] wire = records.encode(record(owner, 2, 60_000));
    a.send(nodeAddress, new Msg.Publish(2, wire));
    a.run(10);
    a.send(nodeAddress, new Msg.Publish(3, wire));
    a.run(10);
    assertThat(a.lastStatus().code()).isEqualTo(StatusCode.OK.wire());
    assertThat(counters.get(Event.PUBLISH_REPEATED)).isEqualTo(1);
  }

  @Test
  void tablesAreBoundedAndAFullOneAnswersOverloaded() {
    NodeSettings tiny =
        NodeSettings.defaults().toBuilder()
            .maxRecords(1)
            .maxAttachments(2)
            .attachIdleMillis(10_000)
            .build();
    start(tiny);
    List<Integer> codes = new ArrayList<>();
    List<SimSource> peers = new ArrayList<>();
    List<Identity> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Identity peer = Identity.generate(random);
      SimSource p = source("10.4.4." + (i + 1), 1);
      attach(p, peer);
      codes.add(p.lastStatus().code());
      peers.add(p);
      ids.add(peer);
    }
    assertThat(codes)
        .containsExactly(StatusCode.OK.wire(), StatusCode.OK.wire(), StatusCode.OVERLOADED.wire());
    assertThat(node.attachments()).isEqualTo(2);

    peers
        .get(0)
        .send(nodeAddress, new Msg.Publish(20, records.encode(record(ids.get(0), 1, 60_000))));
    peers.get(0).run(10);
    peers
        .get(1)
        .send(nodeAddress, new Msg.Publish(21, records.encode(record(ids.get(1), 1, 30_000))));
    peers.get(1).run(10);
    assertThat(node.records()).as("record table bound").isEqualTo(1);
    assertThat(peers.get(1).lastStatus().code())
        .as("an honest refusal, not 'not newer'")
        .isEqualTo(StatusCode.OVERLOADED.wire());
    assertThat(counters.get(Event.OVERLOADED)).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aRecordExpiringLaterEvictsTheEarliestExpiringOneWhenTheBytesAreSpent() {
    int oneRecord =
        records.encode(
                    LocationRecord.sign(
                        Identity.generate(random),
                        List.of(
                            new NodeAddress(Identity.generate(random).peerId(), "10.0.0.1", 4000)),
                        1,
                        Instant.ofEpochMilli(WALL + 60_000)))
                .length
            + RecordStore.ENTRY_OVERHEAD;
    long cap = 2L * oneRecord + oneRecord / 2;
    start(NodeSettings.defaults().withGuards(NodeGuards.defaults().withMaxRecordBytes(cap)));
    List<Integer> codes = new ArrayList<>();
    long[] expiries = {60_000, 120_000, 180_000, 90_000};
    for (int i = 0; i < expiries.length; i++) {
      SimSource p = source("10.4.5." + (i + 1), 1);
      Identity peer = Identity.generate(random);
      attach(p, peer);
      p.send(nodeAddress, new Msg.Publish(30 + i, records.encode(record(peer, 1, expiries[i]))));
      p.run(10);
      codes.add(p.lastStatus().code());
    }
    assertThat(codes)
        .containsExactly(
            StatusCode.OK.wire(),
            StatusCode.OK.wire(),
            StatusCode.OK.wire(),
            StatusCode.OVERLOADED.wire());
    assertThat(node.records()).isEqualTo(2);
    assertThat(node.recordBytes()).isLessThanOrEqualTo(cap);
    assertThat(counters.get(Event.RECORD_EVICTED)).isEqualTo(1);
  }

  @Test
  void attachmentsFromOneIpAreCappedAcrossPorts() {
    start(NodeSettings.defaults().withGuards(NodeGuards.defaults().withPerIp(2, 20)));
    List<Integer> codes = new ArrayList<>();
    for (int port = 1; port <= 3; port++) {
      SimSource p = source("10.4.6.1", port);
      attach(p, Identity.generate(random));
      codes.add(p.lastStatus().code());
    }
    SimSource other = source("10.4.6.2", 1);
    attach(other, Identity.generate(random));
    codes.add(other.lastStatus().code());
    assertThat(codes)
        .containsExactly(
            StatusCode.OK.wire(),
            StatusCode.OK.wire(),
            StatusCode.QUOTA_EXCEEDED.wire(),
            StatusCode.OK.wire());
  }

  @Test
  void aRouteToAPeerNotAttachedFailsWithAReasonAndAnAttachedPeerMustAcknowledge() {
    start(NodeSettings.defaults());
    SimSource sender = source("10.3.3.3", 1);
    sender.prove(nodeAddress);
    PeerId nobody = Identity.generate(random).peerId();
    sender.send(nodeAddress, new Msg.Route(1, nobody.bytes(), 7, 0, 1, new byte[] {1}));
    sender.run(10);
    assertThat(sender.lastStatus().code()).isEqualTo(StatusCode.NOT_ATTACHED.wire());

    Identity silent = Identity.generate(random);
    SimSource s = source("10.3.3.4", 1);
    attach(s, silent);
    sender.send(nodeAddress, new Msg.Route(2, silent.peerId().bytes(), 8, 0, 1, new byte[] {1}));
    net.runUntil(net.now() + 1_000);
    assertThat(s.answers).anyMatch(m -> m instanceof Msg.Deliver d && d.messageId() == 8);
    assertThat(sender.lastStatus().tx()).isEqualTo(2);
    assertThat(sender.lastStatus().code()).isEqualTo(StatusCode.PEER_TIMEOUT.wire());
    assertThat(node.pending()).as("the push's state is gone").isZero();
  }

  @Test
  void storeIsAcceptedOnlyFromANodeWhoseAddressAndIdAreProven() {
    start(NodeSettings.defaults());
    byte[] wire = records.encode(record(Identity.generate(random), 1, 60_000));
    Identity pretender = Identity.generate(random);
    SimSource s = source("10.5.6.1", 1);
    s.send(nodeAddress, new Msg.Store(1, wire, pretender.publicIdentity().signingKey()));
    s.run(10);
    assertThat(s.last())
        .as("an unproven source is asked to prove its address")
        .isInstanceOf(Msg.CookieReply.class);

    s.prove(nodeAddress);
    s.send(nodeAddress, new Msg.Store(2, wire, new byte[0]));
    s.run(10);
    assertThat(s.lastStatus().code()).isEqualTo(StatusCode.NOT_A_NODE.wire());

    s.send(nodeAddress, new Msg.Store(3, wire, pretender.publicIdentity().signingKey()));
    s.run(3_000);
    assertThat(s.answers)
        .as("the node asked the sender to prove its id")
        .anyMatch(m -> m instanceof Msg.Hello || m instanceof Msg.Ping);
    assertThat(s.lastStatus().tx()).isEqualTo(3);
    assertThat(s.lastStatus().code())
        .as("a key alone is not a node: it must sign the node's nonce at this address")
        .isEqualTo(StatusCode.NOT_A_NODE.wire());
    assertThat(node.records()).isZero();
    assertThat(counters.get(Event.NOT_A_NODE)).isEqualTo(2);
  }

  @Test
  void aCapturedAttachReplayedFromAnotherAddressIsRefusedAndMessagesStillReachTheGenuinePeer() {
    start(NodeSettings.defaults());
    Identity genuine = Identity.generate(random);
    SimSource peer = source("10.2.2.2", 5000);
    peer.ackDelivers = true;
    Msg.Attach captured = attach(peer, genuine);
    assertThat(peer.lastStatus().code()).isEqualTo(StatusCode.OK.wire());

    net.runUntil(net.now() + 5_000);
    SimSource replayer = source("10.2.2.3", 5000);
    replayer.send(nodeAddress, captured);
    replayer.run(10);
    assertThat(replayer.last()).isInstanceOf(Msg.CookieReply.class);
    replayer.prove(nodeAddress);
    replayer.send(nodeAddress, captured);
    replayer.run(10);
    assertThat(replayer.lastStatus().code()).isEqualTo(StatusCode.BAD_ATTACH.wire());
    SimSource samePortOtherIp = source("10.2.2.3", 5001);
    samePortOtherIp.prove(nodeAddress);
    samePortOtherIp.send(nodeAddress, captured);
    samePortOtherIp.run(10);
    assertThat(samePortOtherIp.lastStatus().code()).isEqualTo(StatusCode.BAD_ATTACH.wire());

    SimSource sender = source("10.3.3.3", 1);
    sender.prove(nodeAddress);
    sender.send(nodeAddress, new Msg.Route(9, genuine.peerId().bytes(), 42, 0, 1, new byte[] {1}));
    sender.run(100);
    assertThat(sender.lastStatus().code()).isEqualTo(StatusCode.OK.wire());
    assertThat(peer.answers).anyMatch(m -> m instanceof Msg.Deliver d && d.messageId() == 42);
    assertThat(replayer.answers).noneMatch(m -> m instanceof Msg.Deliver);
    assertThat(samePortOtherIp.answers).noneMatch(m -> m instanceof Msg.Deliver);
  }

  @Test
  void theKeepaliveAnswerTellsWhetherTheAddressIsStillAttached() {
    start(NodeSettings.defaults());
    Identity who = Identity.generate(random);
    SimSource peer = source("10.2.3.2", 5000);
    attach(peer, who);
    peer.send(nodeAddress, new Msg.Ping(1, new byte[0], new byte[0]));
    peer.run(10);
    assertThat(((Msg.Pong) peer.last()).attached()).isTrue();
    node.detach(who.peerId());
    peer.send(nodeAddress, new Msg.Ping(2, new byte[0], new byte[0]));
    peer.run(10);
    assertThat(((Msg.Pong) peer.last()).attached()).isFalse();
  }
}
