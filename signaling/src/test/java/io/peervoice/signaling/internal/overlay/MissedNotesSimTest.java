package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.DeliveryException;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.SealedMessage;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.wire.EnvelopeCodec;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * S6 missed: nodes hold sealed notes for a peer that is away and push them when it attaches; they
 * refuse forged, unsigned, misaddressed and replayed notes (virtual time, {@link SimOverlay}).
 */
class MissedNotesSimTest {

  private static byte[] payload(int size) {
    byte[] p = new byte[size];
    for (int i = 0; i < size; i++) {
      p[i] = (byte) (i * 31 + 7);
    }
    return p;
  }

  private static int held(SimOverlay overlay) {
    return overlay.nodes.stream().mapToInt(n -> n.heldNotes().size()).sum();
  }

  private static long count(SimOverlay overlay, Event e) {
    return overlay.counters.stream().mapToLong(c -> c.get(e)).sum();
  }

  /** Leaves a note from {@code from} to {@code to}; returns how many nodes hold it. */
  private static int leave(SimOverlay overlay, ClientCore from, PeerId to, byte[] note) {
    AtomicReference<Object> outcome = new AtomicReference<>();
    from.messenger().hold(to, note, outcome::set, n -> outcome.set(n));
    assertThat(overlay.net.runUntil(() -> outcome.get() != null, 3_000)).isTrue();
    assertThat(outcome.get()).as("held, not failed").isInstanceOf(Integer.class);
    return (Integer) outcome.get();
  }

  @Test
  void aNoteForAnAbsentPeerIsHeldAndDeliveredOnceWhenItAttachesAgain() {
    SimOverlay overlay = new SimOverlay(31, 4);
    Identity alice = overlay.newIdentity();
    Identity bob = overlay.newIdentity();
    List<InetSocketAddress> bootstrap = overlay.nodeAddresses.subList(0, 2);
    ClientCore a = overlay.addPeer(alice, bootstrap);
    ClientCore b = overlay.addPeer(bob, bootstrap);
    boolean[] ready = {false, false, false};
    a.whenReady(() -> ready[0] = true);
    b.whenReady(() -> ready[1] = true);
    assertThat(overlay.net.runUntil(() -> ready[0] && ready[1], 3_000)).isTrue();
    b.close(); // bob goes away; his record stays valid a while
    overlay.nodes.forEach(n -> n.detach(bob.peerId()));

    byte[] note = payload(5_000); // five fragments
    assertThat(leave(overlay, a, bob.peerId(), note))
        .as("both nodes of bob's record, and (S9) the two other nodes closest to his id")
        .isEqualTo(4);
    assertThat(held(overlay)).isEqualTo(4);
    overlay.net.runUntil(overlay.net.now() + 60_000);
    assertThat(held(overlay)).as("held while bob is away").isEqualTo(4);

    ClientCore back = overlay.addPeer(bob, bootstrap);
    List<byte[]> inbox = new ArrayList<>();
    List<PeerId> senders = new ArrayList<>();
    back.messenger()
        .onMessage(
            (from, p) -> {
              inbox.add(p);
              senders.add(from.peerId());
            });
    back.whenReady(() -> ready[2] = true);
    assertThat(overlay.net.runUntil(() -> !inbox.isEmpty(), 3_000)).isTrue();
    overlay.net.runUntil(overlay.net.now() + 2_000);
    assertThat(inbox).as("two nodes pushed it; delivered once").hasSize(1);
    assertThat(inbox.get(0)).isEqualTo(note);
    assertThat(senders).containsExactly(alice.peerId());
    assertThat(held(overlay))
        .as("dropped once acknowledged; the holders' copies once handed over to bob's nodes")
        .isZero();
    assertThat(count(overlay, Event.NOTE_DELIVERED)).isEqualTo(2);
    assertThat(count(overlay, Event.NOTE_HANDED_OVER)).isEqualTo(2);
  }

  @Test
  void aNoteForAnAttachedPeerIsPushedAtOnce() {
    SimOverlay overlay = new SimOverlay(32, 3);
    Identity alice = overlay.newIdentity();
    Identity bob = overlay.newIdentity();
    List<InetSocketAddress> bootstrap = overlay.nodeAddresses.subList(0, 2);
    ClientCore a = overlay.addPeer(alice, bootstrap);
    ClientCore b = overlay.addPeer(bob, bootstrap);
    boolean[] ready = {false, false};
    a.whenReady(() -> ready[0] = true);
    b.whenReady(() -> ready[1] = true);
    assertThat(overlay.net.runUntil(() -> ready[0] && ready[1], 3_000)).isTrue();
    List<byte[]> inbox = new ArrayList<>();
    b.messenger().onMessage((from, p) -> inbox.add(p));

    int holding = leave(overlay, a, bob.peerId(), payload(300));
    assertThat(overlay.net.runUntil(() -> held(overlay) == holding - 2, 2_000))
        .as("pushed at once by bob's two nodes")
        .isTrue();
    assertThat(inbox).hasSize(1);
    assertThat(overlay.net.runUntil(() -> held(overlay) == 0, 400_000))
        .as("S9: the other holders' copies dropped at bob's next record (republished in 5 min)")
        .isTrue();
    assertThat(inbox).hasSize(1);
  }

  @Test
  void forgedUnsignedMisaddressedAndReplayedNotesAreRefused() {
    SimOverlay overlay = new SimOverlay(33, 2);
    Identity alice = overlay.newIdentity();
    Identity bob = overlay.newIdentity();
    Identity carol = overlay.newIdentity();
    Identity mallory = overlay.newIdentity();
    InetSocketAddress node = overlay.nodeAddresses.get(0);
    SimSource source = new SimSource(overlay.net, new InetSocketAddress("10.2.0.1", 6000));
    source.prove(node);
    EnvelopeCodec envelopes = new EnvelopeCodec();
    byte[] payload = payload(200);

    SealedMessage genuine =
        SealedMessage.seal(alice, bob.publicIdentity(), payload, overlay.secureRandom());
    byte[] valid = envelopes.encode(alice.publicIdentity(), genuine);
    SealedMessage byMallory =
        SealedMessage.seal(mallory, bob.publicIdentity(), payload, overlay.secureRandom());
    byte[] forged = envelopes.encode(alice.publicIdentity(), byMallory); // claims to be alice
    SealedMessage unsigned =
        new SealedMessage(
            alice.peerId(), bob.peerId(), genuine.nonce(), genuine.ciphertext(), new byte[64]);
    byte[] toCarol =
        envelopes.encode(
            alice.publicIdentity(),
            SealedMessage.seal(alice, carol.publicIdentity(), payload, overlay.secureRandom()));
    byte[] garbage = Arrays.copyOf(valid, valid.length - 10);

    assertThat(hold(source, node, bob, forged, 1)).isEqualTo(StatusCode.BAD_NOTE);
    assertThat(hold(source, node, bob, envelopes.encode(alice.publicIdentity(), unsigned), 2))
        .isEqualTo(StatusCode.BAD_NOTE);
    assertThat(hold(source, node, bob, toCarol, 3))
        .as("sealed to carol, held for bob")
        .isEqualTo(StatusCode.BAD_NOTE);
    assertThat(hold(source, node, bob, garbage, 4)).isEqualTo(StatusCode.BAD_NOTE);
    assertThat(overlay.nodes.get(0).heldNotes().size()).as("nothing held yet").isZero();
    assertThat(hold(source, node, bob, valid, 5)).isEqualTo(StatusCode.OK);
    assertThat(hold(source, node, bob, valid, 6)).as("replayed").isEqualTo(StatusCode.DUPLICATE);
    assertThat(overlay.nodes.get(0).heldNotes().size()).isEqualTo(1);
    assertThat(overlay.counters.get(0).get(Event.NOTE_REFUSED)).isEqualTo(5);
  }

  /**
   * A spoofed PING from an attached address keeps the attachment alive and triggers a push; pushes
   * of a note to a device that never acknowledges are bounded between two ATTACHes, so a few bytes
   * of spoofed PING cannot make the node send the held notes again and again. An ATTACH (which
   * answers a cookie sent to the address) allows them again; an acknowledged push drops the note.
   * Fails without {@code NoteDesk.PUSHES_PER_ATTACH}: every PING got the whole note again.
   */
  @Test
  void pushesToADeviceThatNeverAcknowledgesAreBoundedUntilItAttachesAgain() {
    SimOverlay overlay = new SimOverlay(35, 2);
    Identity alice = overlay.newIdentity();
    Identity bob = overlay.newIdentity();
    InetSocketAddress node = overlay.nodeAddresses.get(0);
    PeerId nodeId = overlay.nodes.get(0).id();
    SimSource bobDevice = new SimSource(overlay.net, new InetSocketAddress("10.3.0.1", 7000));
    bobDevice.attach(node, nodeId, bob);
    assertThat(bobDevice.lastStatus().code()).isEqualTo(StatusCode.OK.wire());
    SimSource caller = new SimSource(overlay.net, new InetSocketAddress("10.2.0.1", 6000));
    caller.prove(node);
    byte[] valid =
        new EnvelopeCodec()
            .encode(
                alice.publicIdentity(),
                SealedMessage.seal(
                    alice, bob.publicIdentity(), payload(200), overlay.secureRandom()));
    bobDevice.reset();
    assertThat(hold(caller, node, bob, valid, 1)).isEqualTo(StatusCode.OK);
    bobDevice.run(3_000);
    for (int i = 0; i < 20; i++) {
      bobDevice.send(node, new Msg.Ping(500 + i, new byte[0], new byte[0]));
      bobDevice.run(3_000); // longer than the push timeout: each push has failed before the next
    }
    assertThat(delivers(bobDevice))
        .as("the push when taken and 3 at keepalives, not one per PING")
        .isEqualTo(NoteDesk.PUSHES_PER_ATTACH);

    bobDevice.reset();
    bobDevice.ackDelivers = true;
    bobDevice.attach(node, nodeId, bob);
    bobDevice.run(1_000);
    assertThat(delivers(bobDevice)).as("an ATTACH allows pushes again").isEqualTo(1);
    assertThat(overlay.nodes.get(0).heldNotes().size()).as("acknowledged: dropped").isZero();
  }

  private static long delivers(SimSource source) {
    return source.answers.stream().filter(m -> m instanceof Msg.Deliver).count();
  }

  private static StatusCode hold(
      SimSource source, InetSocketAddress node, Identity to, byte[] envelope, long id) {
    source.send(node, new Msg.Hold(1_000 + id, to.peerId().bytes(), id, 0, 1, envelope));
    source.run(50);
    return StatusCode.of(source.lastStatus().code());
  }

  @Test
  void aPeerWhoseKeysWereNeverSeenGetsNoNote() {
    SimOverlay overlay = new SimOverlay(34, 2);
    ClientCore a = overlay.addPeer(overlay.newIdentity(), overlay.nodeAddresses);
    boolean[] ready = {false};
    a.whenReady(() -> ready[0] = true);
    assertThat(overlay.net.runUntil(() -> ready[0], 3_000)).isTrue();
    AtomicReference<Object> outcome = new AtomicReference<>();
    a.messenger()
        .hold(overlay.newIdentity().peerId(), payload(10), outcome::set, n -> outcome.set(n));
    assertThat(overlay.net.runUntil(() -> outcome.get() != null, 3_000)).isTrue();
    assertThat(outcome.get()).isInstanceOf(DeliveryException.class);
    assertThat(((DeliveryException) outcome.get()).reason())
        .isEqualTo(DeliveryException.Reason.PEER_NOT_FOUND);
  }
}
