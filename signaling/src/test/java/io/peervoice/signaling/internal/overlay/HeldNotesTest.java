package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.overlay.HeldNotes.NoteId;
import io.peervoice.signaling.internal.overlay.HeldNotes.Result;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** S6 missed: the bounds of the notes a node holds, with times given (an injected clock). */
class HeldNotesTest {
  private static final long HOUR = 3_600_000;
  private final SplittableRandom random = new SplittableRandom(17);
  private final IpPrefix ipA = new IpPrefix(0x0A000001L, false);
  private final IpPrefix ipB = new IpPrefix(0x0A000002L, false);

  private PeerId peer() {
    byte[] id = new byte[PeerId.LENGTH];
    random.nextBytes(id);
    return new PeerId(id);
  }

  private NoteId id() {
    return new NoteId(random.nextLong(), random.nextLong());
  }

  private static final int COST = NoteLimits.ENTRY_COST;

  private static NoteLimits limits(int perPeer, int perSender, int perIp, int max, long maxBytes) {
    return new NoteLimits(
        24 * HOUR, perPeer, 64 * 1024, perSender, perIp, 1 << 24, max, maxBytes, 1_000, perPeer,
        64 * 1024, 16);
  }

  private Result hold(HeldNotes notes, PeerId to, PeerId from, int size, IpPrefix ip, long now) {
    return notes.hold(to, from, id(), random.nextLong(), new byte[size], ip, now);
  }

  @Test
  void countPerRecipientAndPerSenderAreBounded() {
    HeldNotes notes = new HeldNotes(limits(3, 2, 100, 100, 1 << 24));
    PeerId bob = peer();
    PeerId alice = peer();
    assertThat(hold(notes, bob, alice, 100, ipA, 0)).isEqualTo(Result.HELD);
    assertThat(hold(notes, bob, alice, 100, ipA, 0)).isEqualTo(Result.HELD);
    assertThat(hold(notes, bob, alice, 100, ipA, 0))
        .as("one caller cannot fill the callee's quota")
        .isEqualTo(Result.PEER_QUOTA);
    assertThat(hold(notes, bob, peer(), 100, ipA, 0)).isEqualTo(Result.HELD);
    assertThat(hold(notes, bob, peer(), 100, ipA, 0))
        .as("3 notes per recipient")
        .isEqualTo(Result.PEER_QUOTA);
    assertThat(hold(notes, peer(), alice, 100, ipA, 0))
        .as("another recipient")
        .isEqualTo(Result.HELD);
    assertThat(notes.size()).isEqualTo(4);
  }

  @Test
  void bytesPerRecipientAreBounded() {
    HeldNotes notes = new HeldNotes(limits(16, 16, 100, 100, 1 << 24));
    PeerId bob = peer();
    // 64 KiB per recipient, each note counted with its entry cost
    assertThat(hold(notes, bob, peer(), 17_000, ipA, 0)).isEqualTo(Result.HELD);
    assertThat(hold(notes, bob, peer(), 17_000, ipA, 0)).isEqualTo(Result.HELD);
    assertThat(hold(notes, bob, peer(), 17_000, ipA, 0)).isEqualTo(Result.HELD);
    assertThat(hold(notes, bob, peer(), 17_000, ipA, 0))
        .as("4 × (17,000 + entry cost) > 65,536")
        .isEqualTo(Result.PEER_QUOTA);
    assertThat(hold(notes, bob, peer(), 10_000, ipA, 0)).isEqualTo(Result.HELD);
    assertThat(notes.bytes()).isEqualTo(3 * (17_000 + COST) + 10_000 + COST);
  }

  @Test
  void theNodeTotalAndEachSourceIpAreBounded() {
    HeldNotes notes = new HeldNotes(limits(16, 16, 2, 3, 1 << 24));
    assertThat(hold(notes, peer(), peer(), 10, ipA, 0)).isEqualTo(Result.HELD);
    assertThat(hold(notes, peer(), peer(), 10, ipA, 0)).isEqualTo(Result.HELD);
    assertThat(hold(notes, peer(), peer(), 10, ipA, 0))
        .as("2 per source IP prefix")
        .isEqualTo(Result.IP_QUOTA);
    assertThat(hold(notes, peer(), peer(), 10, ipB, 0)).isEqualTo(Result.HELD);
    assertThat(hold(notes, peer(), peer(), 10, ipB, 0)).as("3 in all").isEqualTo(Result.FULL);

    HeldNotes bytes = new HeldNotes(limits(16, 16, 100, 100, 40_000));
    assertThat(hold(bytes, peer(), peer(), 17_000, ipA, 0)).isEqualTo(Result.HELD);
    assertThat(hold(bytes, peer(), peer(), 17_000, ipA, 0)).isEqualTo(Result.HELD);
    assertThat(hold(bytes, peer(), peer(), 17_000, ipA, 0))
        .as("40,000 bytes in all")
        .isEqualTo(Result.FULL);
  }

  /**
   * Identities cost nothing, addresses do: one source IP prefix cannot hold more than its bytes,
   * however many senders and recipients it names. Fails without the per-IP byte bound (the count
   * bound alone let one IP hold 1,024 notes of 17.6 KB, 18 MB).
   */
  @Test
  void bytesPerSourceIpAreBounded() {
    HeldNotes notes =
        new HeldNotes(
            new NoteLimits(
                24 * HOUR, 16, 64 * 1024, 4, 1_024, 40_000, 100, 1 << 24, 1_000, 16, 64 * 1024,
                16));
    assertThat(hold(notes, peer(), peer(), 17_000, ipA, 0)).isEqualTo(Result.HELD);
    assertThat(hold(notes, peer(), peer(), 17_000, ipA, 0)).isEqualTo(Result.HELD);
    assertThat(hold(notes, peer(), peer(), 17_000, ipA, 0))
        .as("40,000 bytes per source IP")
        .isEqualTo(Result.IP_QUOTA);
    assertThat(hold(notes, peer(), peer(), 17_000, ipB, 0)).isEqualTo(Result.HELD);
    notes.sweep(24 * HOUR);
    assertThat(hold(notes, peer(), peer(), 17_000, ipA, 24 * HOUR))
        .as("freed when they expire")
        .isEqualTo(Result.HELD);
  }

  /**
   * S7 tel: 4 free identities from one IP prefix used to fill an offline callee's 16 notes for 24
   * h. Now one network holds at most 4 notes (and 32 KiB) per recipient, whatever identities it
   * signs with; other networks and other recipients are not touched. Fails without the bound.
   */
  @Test
  void oneNetworkCannotTakeARecipientsWholeQuota() {
    HeldNotes notes = new HeldNotes(NoteLimits.defaults());
    PeerId bob = peer();
    for (int i = 0; i < 4; i++) {
      assertThat(hold(notes, bob, peer(), 100, ipA, 0)).as("note %d", i).isEqualTo(Result.HELD);
    }
    for (int i = 0; i < 12; i++) {
      assertThat(hold(notes, bob, peer(), 100, ipA, 0))
          .as("a fresh identity from the same network")
          .isEqualTo(Result.PEER_IP_QUOTA);
    }
    assertThat(hold(notes, bob, peer(), 100, ipB, 0)).as("another network").isEqualTo(Result.HELD);
    assertThat(hold(notes, peer(), peer(), 100, ipA, 0))
        .as("another recipient")
        .isEqualTo(Result.HELD);

    PeerId carol = peer();
    assertThat(hold(notes, carol, peer(), 17_000, ipA, 0)).isEqualTo(Result.HELD);
    assertThat(hold(notes, carol, peer(), 17_000, ipA, 0))
        .as("2 × (17,000 + entry cost) > 32 KiB from one network")
        .isEqualTo(Result.PEER_IP_QUOTA);
    assertThat(hold(notes, carol, peer(), 17_000, ipB, 0)).isEqualTo(Result.HELD);
    notes.sweep(24 * HOUR);
    assertThat(hold(notes, bob, peer(), 100, ipA, 24 * HOUR))
        .as("freed when they expire")
        .isEqualTo(Result.HELD);
  }

  /** Expiry visits what it drops: a later note is not dropped early, an earlier one not missed. */
  @Test
  void sweepingDropsInExpiryOrderAndKeepsDeliveredNotesOut() {
    HeldNotes notes = new HeldNotes(limits(16, 16, 100, 100, 1 << 24));
    PeerId bob = peer();
    hold(notes, bob, peer(), 10, ipA, 0);
    hold(notes, bob, peer(), 10, ipA, HOUR);
    hold(notes, peer(), peer(), 10, ipA, 2 * HOUR);
    notes.remove(notes.of(bob, 0).get(1)); // delivered
    assertThat(notes.sweep(24 * HOUR + HOUR)).isEqualTo(1);
    assertThat(notes.size()).isEqualTo(1);
    assertThat(notes.sweep(26 * HOUR)).isEqualTo(1);
    assertThat(notes.size()).isZero();
    assertThat(notes.bytes()).isZero();
  }

  @Test
  void notesExpireAfterTheHoldTimeAndFreeTheirQuota() {
    HeldNotes notes = new HeldNotes(limits(1, 1, 100, 100, 1 << 24));
    PeerId bob = peer();
    long t0 = 5 * HOUR;
    assertThat(hold(notes, bob, peer(), 100, ipA, t0)).isEqualTo(Result.HELD);
    assertThat(hold(notes, bob, peer(), 100, ipA, t0)).isEqualTo(Result.PEER_QUOTA);
    assertThat(notes.sweep(t0 + 24 * HOUR - 1)).isZero();
    assertThat(notes.of(bob, t0 + 24 * HOUR - 1)).hasSize(1);
    assertThat(notes.of(bob, t0 + 24 * HOUR)).as("not handed out once due").isEmpty();
    assertThat(notes.sweep(t0 + 24 * HOUR)).isEqualTo(1);
    assertThat(notes.size()).isZero();
    assertThat(notes.bytes()).isZero();
    assertThat(hold(notes, bob, peer(), 100, ipA, t0 + 24 * HOUR)).isEqualTo(Result.HELD);
  }

  @Test
  void aNoteHeldOnceIsRefusedAgainEvenAfterItWasDelivered() {
    HeldNotes notes = new HeldNotes(limits(16, 16, 100, 100, 1 << 24));
    PeerId bob = peer();
    PeerId alice = peer();
    NoteId id = id();
    assertThat(notes.hold(bob, alice, id, 1, new byte[50], ipA, 0)).isEqualTo(Result.HELD);
    assertThat(notes.hold(bob, alice, id, 1, new byte[50], ipB, 0)).isEqualTo(Result.DUPLICATE);
    notes.remove(notes.of(bob, 0).get(0));
    assertThat(notes.size()).isZero();
    assertThat(notes.hold(bob, alice, id, 1, new byte[50], ipA, 10))
        .as("a replay after delivery")
        .isEqualTo(Result.DUPLICATE);
  }

  @Test
  void limitsRefuseNonsense() {
    assertThatThrownBy(
            () -> new NoteLimits(0, 1, 1 << 20, 1, 1, 1 << 20, 1, 1 << 20, 1, 1, 1 << 20, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NoteLimits(1, 1, 100, 1, 1, 1 << 20, 1, 1 << 20, 1, 1, 1 << 20, 1))
        .as("a recipient's bytes must fit one note")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NoteLimits(1, 1, 1 << 20, 1, 1, 1 << 20, 1, 1 << 20, 1, 1, 100, 1))
        .as("S7 tel: a recipient's bytes from one network must fit one note")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new NoteLimits(1, 1, 1 << 20, 1, 1, 1 << 20, 1, 1 << 20, 1, 1, 1 << 20, 257))
        .as("S7 tel: no more HOLDs in assembly per network than in all")
        .isInstanceOf(IllegalArgumentException.class);
  }
}
