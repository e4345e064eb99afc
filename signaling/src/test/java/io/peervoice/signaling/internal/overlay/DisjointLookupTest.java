package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.NodeRef;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * S/Kademlia disjoint paths against an eclipse attempt, in virtual time: a victim knows two nodes,
 * one honest and one an attacker's. The attacker's nodes answer every query with made-up ids closer
 * to the target than any real node (at its fellow colluders' addresses, with the node id work
 * solved) and never a record. Plain Kademlia follows them and misses the record; with two disjoint
 * paths the honest path finds it.
 */
class DisjointLookupTest {
  private static final int COLLUDERS = 8;

  /** A victim whose table holds one colluder and one honest node, and the peer it looks for. */
  private record Setup(SimOverlay overlay, OverlayNode victim, Identity bob, List<Colluder> bad) {
    PeerId target() {
      return bob.peerId();
    }
  }

  private static Setup setup(int disjointPaths) {
    return setup(disjointPaths, true);
  }

  private static Setup setup(int disjointPaths, boolean fakesHaveWork) {
    SimOverlay overlay = new SimOverlay(21, 24, 3, 3);
    Identity bob = overlay.newIdentity();
    ClientCore b = overlay.addPeer(bob, overlay.nodeAddresses.subList(0, 4));
    boolean[] ready = {false};
    b.whenReady(() -> ready[0] = true);
    assertThat(overlay.net.runUntil(() -> ready[0], 3_000)).isTrue();
    overlay.net.runUntil(overlay.net.now() + 2_000);
    PeerId target = bob.peerId();
    Comparator<Integer> byDistance =
        Comparator.comparing(
            i -> target.distance(overlay.nodes.get(i).id()), Arrays::compareUnsigned);
    int honest =
        java.util.stream.IntStream.range(0, overlay.nodes.size())
            .boxed()
            .filter(i -> overlay.nodes.get(i).records() == 0)
            .max(byDistance)
            .orElseThrow();

    Identity mallory;
    do {
      mallory = Identity.generateNode(overlay.secureRandom(), SimOverlay.NODE_ID_WORK);
    } while (Arrays.compareUnsigned(
            target.distance(mallory.peerId()), target.distance(overlay.nodes.get(honest).id()))
        > 0);
    List<Colluder> bad = new ArrayList<>();
    List<Msg.Contact> fakes = new ArrayList<>();
    Random random = new Random(4);
    for (int i = 0; i < COLLUDERS; i++) {
      InetSocketAddress address = new InetSocketAddress("10.66." + i + ".1", 4000);
      Identity id =
          i == 0 ? mallory : Identity.generateNode(overlay.secureRandom(), SimOverlay.NODE_ID_WORK);
      bad.add(new Colluder(overlay.net, address, id));
      fakes.add(
          new Msg.Contact(
              madeUpIdNear(target, random, fakesHaveWork).bytes(),
              address.getAddress().getAddress(),
              4000));
    }
    bad.forEach(c -> c.answerWith(fakes));

    InetSocketAddress victimAddress = new InetSocketAddress("10.0.250.1", 4000);
    OverlayNode[] holder = new OverlayNode[1];
    Env env = overlay.net.attach(victimAddress, (from, data) -> holder[0].received(from, data));
    OverlayNode victim =
        new OverlayNode(
            Identity.generateNode(overlay.secureRandom(), SimOverlay.NODE_ID_WORK),
            SimOverlay.SETTINGS.withDisjointPaths(disjointPaths),
            env,
            new NodeCounters(),
            7);
    holder[0] = victim;
    victim.start(List.of());
    bad.get(0).introduceTo(victimAddress);
    byte[] honestKey = overlay.identities.get(honest).publicIdentity().signingKey();
    victim.markProven(overlay.nodeAddresses.get(honest));
    victim.received(
        overlay.nodeAddresses.get(honest),
        new WireCodec().encode(new Msg.Ping(1, new byte[0], honestKey)));
    overlay.net.runUntil(overlay.net.now() + 50);
    assertThat(victim.routingTableSize()).as("the victim knows M and H").isEqualTo(2);
    return new Setup(overlay, victim, bob, bad);
  }

  /** An id sharing the target's first 16 bits, with or without the overlay's node id work. */
  private static PeerId madeUpIdNear(PeerId target, Random random, boolean withWork) {
    while (true) {
      byte[] id = target.bytes();
      byte[] noise = new byte[PeerId.LENGTH - 2];
      random.nextBytes(noise);
      System.arraycopy(noise, 0, id, 2, noise.length);
      PeerId p = new PeerId(id);
      if ((p.nodeIdWork() >= SimOverlay.NODE_ID_WORK) == withWork) {
        return p;
      }
    }
  }

  private static IterativeLookup.Result run(Setup s, boolean record) {
    IterativeLookup.Result[] out = new IterativeLookup.Result[1];
    if (record) {
      s.victim().findRecord(s.target(), r -> out[0] = r);
    } else {
      s.victim().findNode(s.target(), r -> out[0] = r);
    }
    assertThat(s.overlay().net.runUntil(() -> out[0] != null, 10_000)).isTrue();
    return out[0];
  }

  private static List<LocationRecord> bobsRecords(Setup s, IterativeLookup.Result r) {
    List<LocationRecord> valid = new ArrayList<>();
    for (byte[] wire : r.records()) {
      try {
        LocationRecord rec = new RecordCodec().decode(wire);
        if (rec.peer().equals(s.target())) {
          valid.add(rec);
        }
      } catch (WireException e) {
        throw new AssertionError(e);
      }
    }
    return valid;
  }

  @Test
  void plainKademliaIsEclipsedByMadeUpCloserIds() {
    Setup s = setup(1);
    IterativeLookup.Result r = run(s, true);
    assertThat(r.records()).as("the attacker's ids took over the lookup").isEmpty();
    assertThat(s.bad().stream().mapToInt(c -> c.queries).sum()).isGreaterThan(COLLUDERS / 2);
  }

  @Test
  void madeUpIdsWithoutTheNodeIdWorkAreNeverAsked() {
    Setup s = setup(1, false);
    IterativeLookup.Result r = run(s, true);
    assertThat(bobsRecords(s, r)).as("even plain Kademlia finds it").isNotEmpty();
    assertThat(s.bad().stream().mapToInt(c -> c.queries).sum())
        .as("only the one colluder in the table was asked")
        .isEqualTo(1);
  }

  @Test
  void withTwoDisjointPathsTheHonestPathFindsTheRecord() {
    Setup s = setup(2);
    IterativeLookup.Result r = run(s, true);
    assertThat(bobsRecords(s, r)).as("found by the honest path").isNotEmpty();
    assertThat(s.bad().stream().mapToInt(c -> c.queries).sum())
        .as("the attacker's path ran too")
        .isPositive();
  }

  @Test
  void withTwoDisjointPathsANodeLookupKeepsTheHonestPathsNodes() {
    Set<PeerId> honest;
    Setup plain = setup(1);
    honest = plain.overlay().nodes.stream().map(OverlayNode::id).collect(Collectors.toSet());
    assertThat(run(plain, false).closest())
        .as("plain Kademlia returns only made-up ids")
        .extracting(NodeRef::id)
        .doesNotContainAnyElementsOf(honest);

    Setup s = setup(2);
    honest = s.overlay().nodes.stream().map(OverlayNode::id).collect(Collectors.toSet());
    List<PeerId> closest = run(s, false).closest().stream().map(NodeRef::id).toList();
    assertThat(closest).hasSize(8);
    assertThat(closest.stream().filter(honest::contains).count())
        .as("⌈k/d⌉ of the result come from the honest path")
        .isGreaterThanOrEqualTo(4);
  }

  @Test
  void noNodeIsAskedByTwoPaths() {
    io.peervoice.signaling.internal.sim.SimNetwork net =
        new io.peervoice.signaling.internal.sim.SimNetwork(3, 1, 9, 0, 0);
    Env env = net.attach(new InetSocketAddress("10.0.0.1", 1), (f, d) -> {});
    Random random = new Random(8);
    List<NodeRef> universe = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] id = new byte[PeerId.LENGTH];
      random.nextBytes(id);
      universe.add(new NodeRef(new PeerId(id), new InetSocketAddress("10.1." + i + ".1", 1)));
    }
    PeerId target = universe.get(0).id();
    List<PeerId> asked = new ArrayList<>();
    // every node knows 40 random others and answers the 8 of them closest to the target
    IterativeLookup.Asker asker =
        (node, onAnswer, onFailure) -> {
          asked.add(node.id());
          Random view = new Random(node.id().hashCode());
          List<NodeRef> closer =
              view.ints(40, 0, universe.size())
                  .mapToObj(universe::get)
                  .distinct()
                  .sorted(
                      Comparator.comparing(n -> target.distance(n.id()), Arrays::compareUnsigned))
                  .limit(8)
                  .toList();
          env.schedule(
              1 + random.nextInt(9),
              () -> onAnswer.accept(new IterativeLookup.Answer(closer, null)));
        };
    IterativeLookup.Result[] out = new IterativeLookup.Result[1];
    new DisjointLookup(
            target, 8, 3, 2, false, universe.subList(100, 108), asker, env, 30, r -> out[0] = r)
        .start();
    net.runUntil(() -> out[0] != null, 10_000);
    assertThat(out[0]).isNotNull();
    assertThat(asked).doesNotHaveDuplicates().hasSizeGreaterThan(16);
    assertThat(out[0].closest().get(0).id()).as("the target is found").isEqualTo(target);
  }
}
