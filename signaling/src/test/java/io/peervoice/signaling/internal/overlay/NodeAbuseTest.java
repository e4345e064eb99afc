package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.RecordCheck;
import io.peervoice.signaling.internal.sim.SimNetwork;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A single node in virtual time, fed by a scripted attacker that records every answer. */
class NodeAbuseTest {
  private static final long WALL = 1_800_000_000_000L;
  private final SimNetwork net = new SimNetwork(9, 1, 1, 0, WALL);
  private final WireCodec codec = new WireCodec();
  private final RecordCodec records = new RecordCodec();
  private final NodeCounters counters = new NodeCounters();
  private final InetSocketAddress nodeAddress = new InetSocketAddress("10.0.0.1", 4000);
  private final List<Msg> answers = new ArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private OverlayNode node;

  private Env start(NodeSettings settings) {
    OverlayNode[] holder = new OverlayNode[1];
    Env env = net.attach(nodeAddress, (from, data) -> holder[0].received(from, data));
    node = new OverlayNode(Identity.generate(random), settings, env, counters, 1);
    holder[0] = node;
    node.start(List.of());
    return env;
  }

  private Env attacker(InetSocketAddress address) {
    return net.attach(
        address,
        (from, data) -> {
          try {
            answers.add(codec.decode(data));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  private LocationRecord record(Identity who, long sequence, long expiresInMillis) {
    return LocationRecord.sign(
        who,
        List.of(new NodeAddress(node.id(), "10.0.0.1", 4000)),
        sequence,
        Instant.ofEpochMilli(WALL + net.now() + expiresInMillis));
  }

  private Msg.Status lastStatus() {
    return (Msg.Status) answers.get(answers.size() - 1);
  }

  @Test
  void aFloodFromOneSourceIsCutAtItsBurstWhileOthersAreServed() {
    start(NodeSettings.defaults().withRate(100, 50));
    InetSocketAddress flooder = new InetSocketAddress("10.6.6.6", 1);
    Env f = attacker(flooder);
    for (int i = 0; i < 1_000; i++) {
      f.send(nodeAddress, codec.encode(new Msg.Ping(i, new byte[0], new byte[0])));
    }
    Env polite = attacker(new InetSocketAddress("10.7.7.7", 1));
    polite.send(nodeAddress, codec.encode(new Msg.Ping(5_000, new byte[0], new byte[0])));
    net.runUntil(net.now() + 100);
    assertThat(counters.get(NodeCounters.Event.RATE_LIMITED)).isGreaterThanOrEqualTo(900);
    assertThat(answers).anyMatch(m -> m.tx() == 5_000);
    assertThat(answers).hasSizeLessThanOrEqualTo(1 + 50 + 2);
  }

  @Test
  void recordsAreCheckedBeforeStorageAndStaleOrExpiredOnesAreNeverServed() {
    start(NodeSettings.defaults());
    InetSocketAddress peerAddress = new InetSocketAddress("10.5.5.5", 1);
    Env a = attacker(peerAddress);
    Identity owner = Identity.generate(random);
    Identity forger = Identity.generate(random);

    a.send(
        nodeAddress,
        codec.encode(new Msg.Store(1, records.encode(record(owner, 5, 60_000)), new byte[0])));
    net.runUntil(net.now() + 10);
    assertThat(lastStatus().code()).isEqualTo(StatusCode.OK.wire());

    a.send(
        nodeAddress,
        codec.encode(new Msg.Store(2, records.encode(record(owner, 4, 60_000)), new byte[0])));
    net.runUntil(net.now() + 10);
    assertThat(lastStatus().code()).isEqualTo(StatusCode.REJECTED_RECORD.wire());
    assertThat(lastStatus().value()).isEqualTo(RecordCheck.NOT_NEWER.ordinal());

    LocationRecord good = record(owner, 9, 60_000);
    LocationRecord forged =
        new LocationRecord(
            good.identity(),
            good.nodes(),
            good.sequence(),
            good.expires(),
            forger.sign(new byte[] {1}));
    a.send(nodeAddress, codec.encode(new Msg.Store(3, records.encode(forged), new byte[0])));
    net.runUntil(net.now() + 10);
    assertThat(lastStatus().value()).isEqualTo(RecordCheck.BAD_SIGNATURE.ordinal());
    assertThat(node.records()).isEqualTo(1);

    a.send(nodeAddress, codec.encode(new Msg.FindRecord(4, owner.peerId().bytes(), new byte[0])));
    net.runUntil(net.now() + 10);
    assertThat(((Msg.RecordReply) answers.get(answers.size() - 1)).record()).isNotEmpty();

    net.runUntil(net.now() + 61_000);
    a.send(nodeAddress, codec.encode(new Msg.FindRecord(5, owner.peerId().bytes(), new byte[0])));
    net.runUntil(net.now() + 10);
    assertThat(((Msg.RecordReply) answers.get(answers.size() - 1)).record())
        .as("expired records are never served")
        .isEmpty();
  }

  @Test
  void tablesAreBoundedAndAFullOneAnswersOverloaded() {
    NodeSettings tiny =
        new NodeSettings(
            8,
            3,
            500,
            400,
            1,
            2,
            50_000,
            500,
            1_000,
            65_536,
            10_000,
            3_600_000,
            60_000,
            30_000,
            2,
            2,
            NodeSettings.DEFAULT_NODE_ID_WORK);
    start(tiny);
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Identity peer = Identity.generate(random);
      Env p = attacker(new InetSocketAddress("10.4.4." + (i + 1), 1));
      long ts = p.wallMillis();
      p.send(
          nodeAddress,
          codec.encode(
              new Msg.Attach(
                  10 + i,
                  peer.publicIdentity().signingKey(),
                  peer.publicIdentity().agreementKey(),
                  node.id().bytes(),
                  ts,
                  peer.sign(NodeVerifier.attachSigned(node.id(), ts)))));
      net.runUntil(net.now() + 10);
      codes.add(lastStatus().code());
    }
    assertThat(codes)
        .containsExactly(StatusCode.OK.wire(), StatusCode.OK.wire(), StatusCode.OVERLOADED.wire());
    assertThat(node.attachments()).isEqualTo(2);

    Env a = attacker(new InetSocketAddress("10.5.5.6", 1));
    a.send(
        nodeAddress,
        codec.encode(
            new Msg.Store(
                20, records.encode(record(Identity.generate(random), 1, 60_000)), new byte[0])));
    a.send(
        nodeAddress,
        codec.encode(
            new Msg.Store(
                21, records.encode(record(Identity.generate(random), 1, 60_000)), new byte[0])));
    net.runUntil(net.now() + 10);
    assertThat(node.records()).as("record table bound").isEqualTo(1);
    assertThat(counters.get(NodeCounters.Event.OVERLOADED)).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aRouteToAPeerNotAttachedFailsWithAReasonAndAnAttachedPeerMustAcknowledge() {
    start(NodeSettings.defaults());
    Env sender = attacker(new InetSocketAddress("10.3.3.3", 1));
    PeerId nobody = Identity.generate(random).peerId();
    sender.send(
        nodeAddress, codec.encode(new Msg.Route(1, nobody.bytes(), 7, 0, 1, new byte[] {1})));
    net.runUntil(net.now() + 10);
    assertThat(lastStatus().code()).isEqualTo(StatusCode.NOT_ATTACHED.wire());

    Identity silent = Identity.generate(random);
    InetSocketAddress silentAddress = new InetSocketAddress("10.3.3.4", 1);
    List<Msg> pushed = new ArrayList<>();
    Env s =
        net.attach(
            silentAddress,
            (from, data) -> {
              try {
                pushed.add(codec.decode(data));
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
    long ts = s.wallMillis();
    s.send(
        nodeAddress,
        codec.encode(
            new Msg.Attach(
                1,
                silent.publicIdentity().signingKey(),
                silent.publicIdentity().agreementKey(),
                node.id().bytes(),
                ts,
                silent.sign(NodeVerifier.attachSigned(node.id(), ts)))));
    net.runUntil(net.now() + 10);
    sender.send(
        nodeAddress,
        codec.encode(new Msg.Route(2, silent.peerId().bytes(), 8, 0, 1, new byte[] {1})));
    net.runUntil(net.now() + 1_000);
    assertThat(pushed).anyMatch(m -> m instanceof Msg.Deliver d && d.messageId() == 8);
    assertThat(lastStatus().tx()).isEqualTo(2);
    assertThat(lastStatus().code()).isEqualTo(StatusCode.PEER_TIMEOUT.wire());
    assertThat(node.pending()).as("the push's state is gone").isZero();
  }
}
