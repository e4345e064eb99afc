package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.LocationRecord;
import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.SealedMessage;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.sim.SimNetwork;
import io.peervoice.signaling.internal.wire.EnvelopeCodec;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.RecordCodec;
import io.peervoice.signaling.internal.wire.StatusCode;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * S9 notes: notes for a peer whose record expired are held by the nodes closest to its id, which
 * hand them over to the nodes its next record lists: proved first, once per (note, node), and taken
 * there as a handover (virtual time, {@link SimOverlay}, real codecs).
 */
class NoteHandoverSimTest {

  private static byte[] payload(int size, int salt) {
    byte[] p = new byte[size];
    for (int i = 0; i < size; i++) {
      p[i] = (byte) (i * 31 + salt);
    }
    return p;
  }

  private static boolean ready(SimOverlay overlay, ClientCore... clients) {
    boolean[] ready = new boolean[clients.length];
    for (int i = 0; i < clients.length; i++) {
      int at = i;
      clients[i].whenReady(() -> ready[at] = true);
    }
    return overlay.net.runUntil(
        () -> {
          for (boolean r : ready) {
            if (!r) {
              return false;
            }
          }
          return true;
        },
        5_000);
  }

  private static long count(SimOverlay overlay, Event e) {
    return overlay.counters.stream().mapToLong(c -> c.get(e)).sum();
  }

  /**
   * Bob is offline past his record's expiry; alice's note goes to the nodes closest to his id (and
   * her own). Bob comes back through two nodes alice never knew of: his new record reaches the
   * holders, which hand the note over to his nodes, which push it to him. He gets it once. Fails
   * without S9: the note stayed on alice's nodes, and bob never got it.
   */
  @Test
  void aCalleeBackAfterItsRecordExpiredGetsTheNoteThroughNodesTheCallerNeverKnew() {
    SimOverlay overlay = new SimOverlay(41, 10);
    Identity alice = overlay.newIdentity();
    Identity bob = overlay.newIdentity();
    List<InetSocketAddress> first = overlay.nodeAddresses.subList(0, 2);
    ClientCore a = overlay.addPeer(alice, first);
    ClientCore b = overlay.addPeer(bob, first);
    assertThat(ready(overlay, a, b)).isTrue();
    a.messenger().lookAhead(bob.peerId()); // alice sees bob's keys once (as when calling him)
    overlay.net.runUntil(overlay.net.now() + 2_000);
    b.close();
    overlay.nodes.forEach(n -> n.detach(bob.peerId()));
    overlay.net.runUntil(overlay.net.now() + 11 * 60_000); // his record expired (10 min)
    AtomicReference<Object> gone = new AtomicReference<>();
    a.lookup(bob.peerId(), r -> gone.set(r == null ? "none" : r));
    assertThat(overlay.net.runUntil(() -> gone.get() != null, 3_000)).isTrue();
    assertThat(gone.get()).as("no valid record of bob any more").isEqualTo("none");

    byte[] note = payload(3_000, 7); // three fragments
    AtomicReference<Object> outcome = new AtomicReference<>();
    a.messenger().hold(bob.peerId(), note, outcome::set, outcome::set);
    assertThat(overlay.net.runUntil(() -> outcome.get() != null, 5_000)).isTrue();
    assertThat(outcome.get()).as("held, not failed").isInstanceOf(Integer.class);
    List<InetSocketAddress> unknown = new ArrayList<>();
    Set<PeerId> aliceKnows = new HashSet<>();
    a.attachedNodes().forEach(n -> aliceKnows.add(n.node()));
    for (int i = 0; i < overlay.nodes.size(); i++) {
      if (overlay.nodes.get(i).heldNotes().size() == 0
          && !aliceKnows.contains(overlay.nodes.get(i).id())) {
        unknown.add(overlay.nodeAddresses.get(i));
      }
    }
    assertThat((Integer) outcome.get())
        .as("alice's 2 nodes and bob's 4 closest, at most")
        .isBetween(3, 2 + RecordLookup.HOLDERS);
    assertThat(unknown)
        .as("nodes that hold nothing and alice is not attached to")
        .hasSizeGreaterThan(1);

    ClientCore back = overlay.addPeer(bob, unknown.subList(0, 2));
    List<byte[]> inbox = new ArrayList<>();
    back.messenger().onMessage((from, p) -> inbox.add(p));
    assertThat(ready(overlay, back)).isTrue();
    for (NodeAddress n : back.attachedNodes()) {
      assertThat(aliceKnows).as("bob attached where alice never was").doesNotContain(n.node());
    }
    assertThat(overlay.net.runUntil(() -> !inbox.isEmpty(), 10_000)).isTrue();
    overlay.net.runUntil(overlay.net.now() + 10_000);
    assertThat(inbox).as("delivered once").hasSize(1);
    assertThat(inbox.get(0)).isEqualTo(note);
    assertThat(count(overlay, Event.NOTE_HANDED_OVER)).isPositive();
    assertThat(count(overlay, Event.HANDOVER_HELD)).as("taken as handovers").isPositive();
  }

  /**
   * A node holding a note stores newer records of its recipient (STOREs from a node): the first two
   * list a node that refuses the note and an address that never proves a node id; the third a real
   * node. The refusing node gets the note once, not once per record; the address that never proves
   * an id gets no STORE and no HOLD (only the small proof requests); the real node takes it as a
   * handover, and the holder drops its copy.
   */
  @Test
  void recordNodesGetANoteOnceAndOnlyAfterProvingTheirIds() {
    SimOverlay overlay = new SimOverlay(42, 3);
    Identity alice = overlay.newIdentity();
    Identity bob = overlay.newIdentity();
    OverlayNode holder = overlay.nodes.get(2);
    InetSocketAddress holderAddress = overlay.nodeAddresses.get(2);
    SimSource caller = new SimSource(overlay.net, new InetSocketAddress("10.2.0.1", 6000));
    caller.prove(holderAddress);
    byte[] envelope =
        new EnvelopeCodec()
            .encode(
                alice.publicIdentity(),
                SealedMessage.seal(
                    alice, bob.publicIdentity(), payload(200, 3), overlay.secureRandom()));
    caller.send(holderAddress, new Msg.Hold(1, bob.peerId().bytes(), 99, 0, 1, envelope));
    caller.run(50);
    assertThat(caller.lastStatus().code()).isEqualTo(StatusCode.OK.wire());

    FakeNode refusing =
        new FakeNode(overlay, new InetSocketAddress("10.5.0.1", 4000), StatusCode.QUOTA_EXCEEDED);
    SimSource silent = new SimSource(overlay.net, new InetSocketAddress("10.4.0.1", 8000));
    NodeAddress refusingAt = new NodeAddress(refusing.identity.peerId(), "10.5.0.1", 4000);
    NodeAddress silentAt = new NodeAddress(overlay.newIdentity().peerId(), "10.4.0.1", 8000);
    FakeNode other = new FakeNode(overlay, new InetSocketAddress("10.6.0.1", 4000), StatusCode.OK);
    NodeAddress impostorAt = new NodeAddress(overlay.newIdentity().peerId(), "10.6.0.1", 4000);
    NodeAddress real = new NodeAddress(overlay.nodes.get(0).id(), "10.0.0.1", 4000);
    for (int seq = 1; seq <= 2; seq++) {
      refusing.store(
          holderAddress, record(overlay, bob, seq, List.of(refusingAt, silentAt, impostorAt)));
      overlay.net.runUntil(overlay.net.now() + 5_000);
      assertThat(holder.heldNotes().size()).as("refused: still held").isEqualTo(1);
    }
    assertThat(refusing.holds).as("one HOLD, not one per record").isEqualTo(1);
    assertThat(silent.answers)
        .as("an address that never proved an id: proof requests only")
        .allMatch(m -> m instanceof Msg.Hello);
    assertThat(silent.bytesReceived).isLessThan(envelope.length);
    assertThat(other.received)
        .as("a node proving another id than the one listed: no STORE, no HOLD")
        .noneMatch(m -> m instanceof Msg.Store || m instanceof Msg.Hold);

    refusing.store(holderAddress, record(overlay, bob, 3, List.of(real, refusingAt)));
    assertThat(overlay.net.runUntil(() -> holder.heldNotes().size() == 0, 5_000))
        .as("handed over to the real node, then dropped")
        .isTrue();
    assertThat(overlay.nodes.get(0).heldNotes().size()).isEqualTo(1);
    assertThat(overlay.counters.get(0).get(Event.HANDOVER_HELD)).isEqualTo(1);
    assertThat(overlay.counters.get(2).get(Event.NOTE_HANDED_OVER)).isEqualTo(1);
    overlay.net.runUntil(overlay.net.now() + 5_000);
    assertThat(refusing.holds).as("dropped: not offered again").isEqualTo(1);
  }

  /**
   * A holder forwards the notes of many caller networks from its one address: the receiving node
   * takes them all as a handover, where a caller's network holds 4 of a recipient's notes at most.
   * Fails with the handover counted as an ordinary caller (4 taken, 2 refused).
   */
  @Test
  void aHolderHandsOverMoreNotesThanOneCallerNetworkMayLeave() {
    SimOverlay overlay = new SimOverlay(43, 3);
    Identity bob = overlay.newIdentity();
    OverlayNode holder = overlay.nodes.get(2);
    InetSocketAddress holderAddress = overlay.nodeAddresses.get(2);
    for (int i = 0; i < 6; i++) {
      Identity caller = overlay.newIdentity();
      SimSource source =
          new SimSource(overlay.net, new InetSocketAddress("10.2." + i + ".1", 6000));
      source.prove(holderAddress);
      byte[] envelope =
          new EnvelopeCodec()
              .encode(
                  caller.publicIdentity(),
                  SealedMessage.seal(
                      caller, bob.publicIdentity(), payload(300, i), overlay.secureRandom()));
      source.send(holderAddress, new Msg.Hold(1, bob.peerId().bytes(), 10 + i, 0, 1, envelope));
      source.run(50);
      assertThat(source.lastStatus().code()).isEqualTo(StatusCode.OK.wire());
    }
    FakeNode storing =
        new FakeNode(overlay, new InetSocketAddress("10.5.0.1", 4000), StatusCode.OK);
    NodeAddress real = new NodeAddress(overlay.nodes.get(0).id(), "10.0.0.1", 4000);
    storing.store(holderAddress, record(overlay, bob, 1, List.of(real)));
    assertThat(overlay.net.runUntil(() -> holder.heldNotes().size() == 0, 10_000)).isTrue();
    assertThat(overlay.nodes.get(0).heldNotes().size()).as("all six taken").isEqualTo(6);
    assertThat(overlay.counters.get(0).get(Event.NOTE_REFUSED)).isZero();
  }

  private static byte[] record(SimOverlay overlay, Identity peer, long seq, List<NodeAddress> at) {
    Instant expires = Instant.ofEpochMilli(overlay.net.now() + 1_800_000_000_000L + 600_000);
    return new RecordCodec().encode(LocationRecord.sign(peer, at, seq, expires));
  }

  /**
   * A node of the test's own: proves its address and id as a node does, STOREs records it is given,
   * and answers every HOLD with {@code holdAnswer}, counting them.
   */
  private static final class FakeNode {
    final Identity identity;
    final WireCodec codec = new WireCodec();
    final SimNetwork net;
    final Env env;
    final List<Msg> received = new ArrayList<>();
    int holds;
    private long tx = 5_000;

    FakeNode(SimOverlay overlay, InetSocketAddress address, StatusCode holdAnswer) {
      this.net = overlay.net;
      this.identity = Identity.generateNode(overlay.secureRandom(), SimOverlay.NODE_ID_WORK);
      this.env =
          net.attach(
              address,
              (from, data) -> {
                Msg m;
                try {
                  m = codec.decode(data);
                } catch (WireException e) {
                  throw new AssertionError(e);
                }
                received.add(m);
                if (m instanceof Msg.Hello h && h.cookie().length == 0) {
                  reply(from, new Msg.CookieReply(h.tx(), new byte[WireCodec.COOKIE]));
                } else if (m instanceof Msg.Hello h) {
                  reply(from, new Msg.Status(h.tx(), StatusCode.OK.wire(), 0));
                } else if (m instanceof Msg.Ping p && p.nonce().length > 0) {
                  reply(
                      from,
                      new Msg.Pong(
                          p.tx(),
                          from.getAddress().getAddress(),
                          from.getPort(),
                          identity.publicIdentity().signingKey(),
                          NodeVerifier.prove(identity, p.nonce()),
                          false));
                } else if (m instanceof Msg.Store s) {
                  reply(from, new Msg.Status(s.tx(), StatusCode.OK.wire(), 0));
                } else if (m instanceof Msg.Hold h) {
                  holds++;
                  reply(from, new Msg.Status(h.tx(), holdAnswer.wire(), 0));
                }
              });
    }

    private void reply(InetSocketAddress to, Msg m) {
      env.send(to, codec.encode(m));
    }

    /** Proves our address to {@code node}, then STOREs {@code record} there. */
    void store(InetSocketAddress node, byte[] record) {
      reply(node, new Msg.Hello(tx++, new byte[0], new byte[AddressProofs.PADDING]));
      net.runUntil(net.now() + 20);
      byte[] cookie = ((Msg.CookieReply) last(Msg.CookieReply.class)).cookie();
      reply(node, new Msg.Hello(tx++, cookie, new byte[0]));
      net.runUntil(net.now() + 20);
      reply(node, new Msg.Store(tx++, record, identity.publicIdentity().signingKey()));
    }

    private Msg last(Class<?> type) {
      for (int i = received.size() - 1; i >= 0; i--) {
        if (type.isInstance(received.get(i))) {
          return received.get(i);
        }
      }
      throw new AssertionError("no " + type.getSimpleName());
    }
  }
}
