package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.sim.SimNetwork;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.StatusCode;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "nodes amplify" and "free signatures" attacks of issue 10, replayed in virtual time against a
 * node of a small overlay: every request type from a source that has not proven its address, a
 * 20-port flood from one IP, and a proven source flooding PINGs with nonces.
 */
class AmplificationTest {
  private static final Logger log = LoggerFactory.getLogger(AmplificationTest.class);
  private final RecordCodec records = new RecordCodec();

  /** A record of about 1 KB that lists node 0 (so node 0 accepts its PUBLISH). */
  private byte[] bigRecord(Identity owner, PeerId node0, SimOverlay overlay) {
    List<NodeAddress> nodes = new ArrayList<>();
    nodes.add(new NodeAddress(node0, "10.0.0.1", 4000));
    for (int i = 1; i < LocationRecord.MAX_NODES; i++) {
      nodes.add(
          new NodeAddress(
              overlay.newIdentity().peerId(), "node-" + i + ".example.org".repeat(7), 4000 + i));
    }
    byte[] wire =
        records.encode(
            LocationRecord.sign(
                owner,
                nodes,
                1,
                Instant.ofEpochMilli(overlay.net.now() + 1_800_000_000_000L + 600_000)));
    assertThat(wire.length).isBetween(900, 1024);
    return wire;
  }

  private static byte[] stunBinding() {
    byte[] request = new byte[20];
    ByteBuffer.wrap(request).putShort((short) 1).putShort((short) 0).putInt(0x2112A442);
    for (int i = 8; i < 20; i++) {
      request[i] = (byte) i;
    }
    return request;
  }

  @Test
  void noAnswerToAnUnprovenSourceIsLargerThanItsRequestAndNoneIsSignedOrRemembered() {
    SimOverlay overlay = new SimOverlay(21, 10);
    OverlayNode node = overlay.nodes.get(0);
    InetSocketAddress at = overlay.nodeAddresses.get(0);
    NodeCounters counters = overlay.counters.get(0);
    Identity owner = overlay.newIdentity();
    SimSource planter = new SimSource(overlay.net, new InetSocketAddress("10.50.0.1", 1));
    byte[] cookie = planter.prove(at);
    long ts = planter.env.wallMillis();
    planter.send(
        at,
        new Msg.Attach(
            1,
            owner.publicIdentity().signingKey(),
            owner.publicIdentity().agreementKey(),
            node.id().bytes(),
            ts,
            owner.sign(AttachProof.signed(node.id(), cookie, ts)),
            cookie));
    planter.run(20);
    byte[] planted = bigRecord(owner, node.id(), overlay);
    planter.send(at, new Msg.Publish(2, planted));
    planter.run(2_000);
    assertThat(planter.lastStatus().code()).isEqualTo(StatusCode.OK.wire());
    assertThat(node.routingTableSize()).isPositive();

    Identity someone = overlay.newIdentity();
    byte[] key = someone.publicIdentity().signingKey();
    byte[] nonce = new byte[16];
    Map<String, Object> requests = new LinkedHashMap<>();
    requests.put("PING", new Msg.Ping(11, new byte[0], new byte[0]));
    requests.put("PING+nonce", new Msg.Ping(12, nonce, new byte[0]));
    requests.put("PING+nonce+key", new Msg.Ping(13, nonce, key));
    requests.put("FIND_NODE", new Msg.FindNode(14, owner.peerId().bytes(), new byte[0]));
    requests.put("FIND_NODE+key", new Msg.FindNode(15, owner.peerId().bytes(), key));
    requests.put(
        "FIND_RECORD (1 KB record)", new Msg.FindRecord(16, owner.peerId().bytes(), new byte[0]));
    requests.put("STORE", new Msg.Store(17, planted, key));
    requests.put(
        "ATTACH",
        new Msg.Attach(
            18, key, key, node.id().bytes(), ts, someone.sign(new byte[] {1}), new byte[20]));
    requests.put("PUBLISH", new Msg.Publish(19, planted));
    requests.put("LOOKUP", new Msg.Lookup(20, owner.peerId().bytes()));
    requests.put("ROUTE", new Msg.Route(21, owner.peerId().bytes(), 1, 0, 1, new byte[] {1}));
    requests.put("HELLO", new Msg.Hello(22, new byte[0], new byte[0]));
    requests.put("HELLO+padding", new Msg.Hello(23, new byte[0], new byte[AddressProofs.PADDING]));
    requests.put("HELLO+bad cookie", new Msg.Hello(24, new byte[20], new byte[0]));
    requests.put("STUN Binding", stunBinding());
    requests.put( // S6 missed
        "HOLD", new Msg.Hold(25, owner.peerId().bytes(), 2, 0, 1, new byte[] {1}));

    long signedBefore = counters.get(Event.SIGNED);
    int attachments = node.attachments();
    int held = node.records();
    int proven = node.provenSources();
    int port = 1;
    StringBuilder table = new StringBuilder("request from an unproven source: bytes in -> out\n");
    for (Map.Entry<String, Object> r : requests.entrySet()) {
      SimSource spoofed = new SimSource(overlay.net, new InetSocketAddress("10.66.0.1", port++));
      int in =
          r.getValue() instanceof Msg m
              ? spoofed.send(at, m)
              : spoofed.send(at, (byte[]) r.getValue());
      spoofed.run(2_000);
      long out = spoofed.bytesReceived;
      table.append(
          String.format("  %-26s %5d -> %5d (%.2fx)%n", r.getKey(), in, out, (double) out / in));
      double limit = r.getKey().startsWith("STUN") ? 2.0 : 1.0;
      assertThat((double) out).as(r.getKey()).isLessThanOrEqualTo(limit * in);
      assertThat(spoofed.datagramsReceived).as(r.getKey()).isLessThanOrEqualTo(1);
    }
    log.info("{}", table);
    assertThat(counters.get(Event.SIGNED))
        .as("no signature for unproven sources")
        .isEqualTo(signedBefore);
    assertThat(node.attachments()).isEqualTo(attachments);
    assertThat(node.records()).isEqualTo(held);
    assertThat(node.provenSources()).as("no state for unproven sources").isEqualTo(proven);
    assertThat(counters.get(Event.COOKIE_SENT)).isPositive();
    assertThat(counters.get(Event.AMPLIFICATION_DROPPED)).isPositive();

    SimSource honest = new SimSource(overlay.net, new InetSocketAddress("10.67.0.1", 1));
    honest.prove(at);
    honest.send(at, new Msg.FindRecord(30, owner.peerId().bytes(), new byte[0]));
    honest.run(20);
    assertThat(((Msg.RecordReply) honest.last()).record())
        .as("a proven source gets the full answer")
        .isEqualTo(planted);
  }

  /** Answers a flood of datagrams spread over one virtual second from {@code ports} ports. */
  private long floodAnswers(int ports, int total) {
    SimNetwork net = new SimNetwork(5, 1, 1, 0, NodeAbuseTest.WALL);
    InetSocketAddress at = new InetSocketAddress("10.0.0.1", 4000);
    OverlayNode[] holder = new OverlayNode[1];
    Env env = net.attach(at, (from, data) -> holder[0].received(from, data));
    holder[0] =
        new OverlayNode(
            Identity.generate(new java.security.SecureRandom()),
            NodeSettings.defaults(),
            env,
            new NodeCounters(),
            3);
    holder[0].start(List.of());
    List<SimSource> sources = new ArrayList<>();
    for (int p = 0; p < ports; p++) {
      sources.add(new SimSource(net, new InetSocketAddress("10.66.6.6", 1000 + p)));
    }
    byte[] stun = stunBinding();
    for (int i = 0; i < total; i++) {
      SimSource s = sources.get(i % ports);
      if (i % 2 == 0) {
        s.send(at, stun);
      } else {
        s.send(at, new Msg.Hello(i, new byte[0], new byte[AddressProofs.PADDING]));
      }
      if (i % (total / 1_000) == 0) {
        net.runUntil(net.now() + 1);
      }
    }
    net.runUntil(net.now() + 100);
    return sources.stream().mapToLong(s -> s.datagramsReceived).sum();
  }

  @Test
  void aTwentyPortFloodFromOneIpGetsNoMoreAnswersThanOnePort() {
    long onePort = floodAnswers(1, 20_000);
    long twentyPorts = floodAnswers(20, 20_000);
    log.info(
        "20,000 datagrams in 1 s: 1 port got {} answers, 20 ports got {}", onePort, twentyPorts);
    assertThat(twentyPorts).isLessThanOrEqualTo(onePort);
    assertThat(onePort).as("burst 1,000 plus 500/s").isLessThanOrEqualTo(1_000 + 500 + 10);
  }

  @Test
  void aProvenSourceFloodingNoncePingsGetsOnlyItsSignatureBudgetAndOthersStillGetProofs() {
    SimOverlay overlay = new SimOverlay(22, 3);
    InetSocketAddress at = overlay.nodeAddresses.get(0);
    NodeCounters counters = overlay.counters.get(0);
    SimSource flooder = new SimSource(overlay.net, new InetSocketAddress("10.66.7.7", 1));
    flooder.prove(at);
    long signedBefore = counters.get(Event.SIGNED);
    byte[] nonce = new byte[16];
    for (int i = 0; i < 10_000; i++) {
      flooder.send(at, new Msg.Ping(i, nonce, new byte[0]));
      if (i % 10 == 0) {
        flooder.run(1);
      }
    }
    flooder.run(100);
    long signed = counters.get(Event.SIGNED) - signedBefore;
    NodeGuards g = NodeGuards.defaults();
    double seconds = 1.2;
    log.info("10,000 nonce PINGs from one proven source in ~1 s: {} signed", signed);
    assertThat((double) signed)
        .isLessThanOrEqualTo(2 * g.signaturesPerIp() + g.signaturesPerIp() * seconds);
    assertThat(counters.get(Event.SIGNATURE_LIMITED)).isGreaterThan(1_000);

    SimSource other = new SimSource(overlay.net, new InetSocketAddress("10.66.7.8", 1));
    other.prove(at);
    other.send(at, new Msg.Ping(1, nonce, new byte[0]));
    other.run(20);
    assertThat(((Msg.Pong) other.last()).signature()).hasSize(64);
  }
}
