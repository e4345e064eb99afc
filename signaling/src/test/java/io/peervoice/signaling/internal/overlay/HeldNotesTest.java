package io.peervoice.signaling.internal.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.overlay.HeldNotes.NoteId;
import io.peervoice.signaling.internal.overlay.HeldNotes.Origin;
import io.peervoice.signaling.internal.overlay.HeldNotes.Result;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** S6 missed: the bounds of the notes a node holds, with times given (an injected clock). */
class HeldNotesTest {
  private static final long HOUR = 3_600_000;
  private final SplittableRandom random = new SplittableRandom(17);
  private final Origin ipA = origin("10.0.0.1");
  private final Origin ipB = origin("10.0.1.2"); // S8 tel: another /24

  private static Origin origin(String ip) {
    return Origin.of(new InetSocketAddress(ip, 4000), NoteLimits.defaults());
  }

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

  private Result hold(HeldNotes notes, PeerId to, PeerId from, int size, Origin ip, long now) {
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

  /**
   * S8 tel: a recipient's share per network was per IPv4 address: 4 addresses of one /24 (a cheap
   * VPS's extra IPs) filled an offline callee's 16 notes for 24 h. Now the share is per /24 for
   * IPv4 and per /64 for IPv6 (a /64 was already one prefix), while the per-IP quota stays per
   * address. Fails with the share per address.
   */
  @Test
  void aRecipientsShareIsPerSlash24AndPerSlash64() {
    HeldNotes notes = new HeldNotes(NoteLimits.defaults());
    PeerId bob = peer();
    for (int i = 1; i <= 4; i++) {
      assertThat(hold(notes, bob, peer(), 100, origin("192.0.2." + i), 0)).isEqualTo(Result.HELD);
    }
    assertThat(hold(notes, bob, peer(), 100, origin("192.0.2.200"), 0))
        .as("a fifth address of the same /24")
        .isEqualTo(Result.PEER_IP_QUOTA);
    assertThat(hold(notes, bob, peer(), 100, origin("192.0.3.1"), 0))
        .as("the next /24")
        .isEqualTo(Result.HELD);

    PeerId carol = peer();
    for (int i = 1; i <= 4; i++) {
      assertThat(hold(notes, carol, peer(), 100, origin("2001:db8:0:1::" + i), 0))
          .isEqualTo(Result.HELD);
    }
    assertThat(hold(notes, carol, peer(), 100, origin("2001:db8:0:1:ffff::9"), 0))
        .as("another address of the same /64")
        .isEqualTo(Result.PEER_IP_QUOTA);
    assertThat(hold(notes, carol, peer(), 100, origin("2001:db8:0:2::1"), 0))
        .as("another /64 of the same /48, by default")
        .isEqualTo(Result.HELD);

    NoteLimits d = NoteLimits.defaults();
    NoteLimits by48 =
        new NoteLimits(
            d.holdMillis(),
            d.perPeer(),
            d.bytesPerPeer(),
            d.perSenderPerPeer(),
            d.perIp(),
            d.bytesPerIp(),
            d.maxNotes(),
            d.maxBytes(),
            d.rememberedIds(),
            d.perIpPerPeer(),
            d.bytesPerIpPerPeer(),
            d.assemblingPerIp(),
            24,
            48);
    HeldNotes wide = new HeldNotes(by48);
    PeerId dave = peer();
    for (int i = 1; i <= 4; i++) {
      Origin o = Origin.of(new InetSocketAddress("2001:db8:0:" + i + "::1", 1), by48);
      assertThat(wide.hold(dave, peer(), id(), 1, new byte[100], o, 0)).isEqualTo(Result.HELD);
    }
    Origin fifth = Origin.of(new InetSocketAddress("2001:db8:0:99::1", 1), by48);
    assertThat(wide.hold(dave, peer(), id(), 1, new byte[100], fifth, 0))
        .as("a node set to /48 counts the /64s of one /48 together")
        .isEqualTo(Result.PEER_IP_QUOTA);
  }

  @Test
  void networksAreMaskedToTheirPrefix() {
    InetSocketAddress a = new InetSocketAddress("198.51.100.77", 1);
    assertThat(IpPrefix.network(a, 24, 64)).isEqualTo(new IpPrefix(0xC6336400L, false));
    assertThat(IpPrefix.network(a, 32, 64)).isEqualTo(IpPrefix.of(a));
    InetSocketAddress b = new InetSocketAddress("2001:db8:1234:5678:9abc::1", 1);
    assertThat(IpPrefix.network(b, 24, 64)).isEqualTo(IpPrefix.of(b));
    assertThat(IpPrefix.network(b, 24, 48)).isEqualTo(new IpPrefix(0x20010db812340000L, true));
    assertThatThrownBy(() -> IpPrefix.network(a, 0, 64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IpPrefix.network(a, 24, 65))
        .isInstanceOf(IllegalArgumentException.class);
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
