package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.SealedMessage;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import io.peervoice.signaling.internal.sim.SimNetwork;
import io.peervoice.signaling.internal.wire.EnvelopeCodec;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.StatusCode;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * S6 missed (issue 17, 3.6): note deposits are counted against a node's abuse quotas, as seen on
 * the wire by scripted sources (one node in virtual time, as {@link NodeAbuseTest}): each HOLD
 * whose note fits spends one Ed25519 check of its source's {@link SignatureBudget}, and a sender
 * over its notes for one recipient gets QUOTA_EXCEEDED, whichever address it comes from.
 */
class NoteAbuseQuotaTest {
  private final SimNetwork net = new SimNetwork(17, 1, 1, 0, NodeAbuseTest.WALL);
  private final NodeCounters counters = new NodeCounters();
  private final InetSocketAddress nodeAddress = new InetSocketAddress("10.0.0.1", 4000);
  private final SecureRandom random = new SecureRandom();
  private final EnvelopeCodec envelopes = new EnvelopeCodec();
  private final Identity alice = Identity.generate(random);
  private final Identity bob = Identity.generate(random);
  private final Identity carol = Identity.generate(random);
  private OverlayNode node;

  private void start(NodeSettings settings) {
    OverlayNode[] holder = new OverlayNode[1];
    Env env = net.attach(nodeAddress, (from, data) -> holder[0].received(from, data));
    node = new OverlayNode(Identity.generate(random), settings, env, counters, 1);
    holder[0] = node;
    node.start(List.of());
  }

  /** A proven source at {@code ip}. */
  private SimSource source(String ip) {
    SimSource s = new SimSource(net, new InetSocketAddress(ip, 6000));
    s.prove(nodeAddress);
    return s;
  }

  /** A valid note (a fresh seal each time, so a new note id) from {@code from} to {@code to}. */
  private byte[] note(Identity from, Identity to) {
    return envelopes.encode(
        from.publicIdentity(),
        SealedMessage.seal(from, to.publicIdentity(), new byte[] {1, 2, 3}, random));
  }

  /** One single-fragment HOLD of {@code envelope} for {@code to}; its STATUS. */
  private StatusCode hold(SimSource s, Identity to, byte[] envelope, long id) {
    s.send(nodeAddress, new Msg.Hold(1_000 + id, to.peerId().bytes(), id, 0, 1, envelope));
    s.run(50);
    assertThat(s.lastStatus().tx()).isEqualTo(1_000 + id);
    return StatusCode.of(s.lastStatus().code());
  }

  /**
   * One Ed25519 check a second per IP (bursts of 2): the third and fourth valid notes of one source
   * within 150 ms are refused RATE_LIMITED, counted as SIGNATURE_LIMITED and not held, while
   * another source's note is held; a second later the same refused note is held (it was neither
   * held nor remembered as seen). Fails without {@code signatures.take} in {@code NoteDesk.take}.
   */
  @Test
  void holdsSpendTheSourcesSignatureBudgetAndOtherSourcesAreStillServed() {
    start(NodeSettings.defaults().withGuards(NodeGuards.defaults().withPerIp(64, 1)));
    SimSource flood = source("10.2.0.1");
    List<byte[]> notes = new ArrayList<>();
    List<StatusCode> codes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      notes.add(note(alice, bob));
      codes.add(hold(flood, bob, notes.get(i), i + 1));
    }
    assertThat(codes)
        .containsExactly(
            StatusCode.OK, StatusCode.OK, StatusCode.RATE_LIMITED, StatusCode.RATE_LIMITED);
    assertThat(counters.get(Event.SIGNATURE_LIMITED)).isEqualTo(2);
    assertThat(counters.get(Event.NOTE_REFUSED)).isEqualTo(2);
    assertThat(node.heldNotes().size()).isEqualTo(2);

    SimSource other = source("10.9.0.1");
    assertThat(hold(other, bob, note(carol, bob), 10))
        .as("another source's budget is its own")
        .isEqualTo(StatusCode.OK);
    assertThat(node.heldNotes().size()).isEqualTo(3);

    net.runUntil(net.now() + 1_000);
    assertThat(hold(flood, bob, notes.get(2), 11))
        .as("refilled: the refused note is held now")
        .isEqualTo(StatusCode.OK);
    assertThat(node.heldNotes().size()).isEqualTo(4);
    assertThat(counters.get(Event.SIGNATURE_LIMITED)).isEqualTo(2);
  }

  /**
   * Four notes of alice for bob (the default per sender and recipient), each from a network of its
   * own so no per-network bound applies: the fifth is answered QUOTA_EXCEEDED and not held, while
   * carol's note for bob and alice's note for carol, from the same source, are held. Fails if
   * {@code HeldNotes.fits} does not count notes per sender.
   */
  @Test
  void aSenderOverItsNotesForOneRecipientGetsQuotaExceededOnTheWire() {
    start(NodeSettings.defaults());
    int perSender = NoteLimits.defaults().perSenderPerPeer();
    List<StatusCode> codes = new ArrayList<>();
    SimSource last = null;
    for (int i = 0; i <= perSender; i++) {
      last = source("10.3." + i + ".1");
      codes.add(hold(last, bob, note(alice, bob), i + 1));
    }
    assertThat(codes).hasSize(perSender + 1);
    assertThat(codes.subList(0, perSender)).containsOnly(StatusCode.OK);
    assertThat(codes.get(perSender)).isEqualTo(StatusCode.QUOTA_EXCEEDED);
    assertThat(counters.get(Event.QUOTA_EXCEEDED)).isEqualTo(1);
    assertThat(counters.get(Event.NOTE_REFUSED)).isEqualTo(1);
    assertThat(node.heldNotes().size()).isEqualTo(perSender);

    assertThat(hold(last, bob, note(carol, bob), 20))
        .as("another sender's note for bob")
        .isEqualTo(StatusCode.OK);
    assertThat(hold(last, carol, note(alice, carol), 21))
        .as("alice's note for someone else")
        .isEqualTo(StatusCode.OK);
    assertThat(node.heldNotes().size()).isEqualTo(perSender + 2);
    assertThat(counters.get(Event.QUOTA_EXCEEDED)).isEqualTo(1);
  }
}
