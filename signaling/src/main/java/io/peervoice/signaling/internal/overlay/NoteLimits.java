package io.peervoice.signaling.internal.overlay;

/**
 * S6 missed: the bounds on the missed-call notes a node holds ({@code docs/missed-calls.md}). Every
 * bound is checked before a note's signature is, so an over-quota note costs no Ed25519 check.
 *
 * @param holdMillis how long a note is held before it is dropped undelivered (default 24 h)
 * @param perPeer notes held for one recipient
 * @param bytesPerPeer bytes of notes held for one recipient
 * @param perSenderPerPeer notes of one sender held for one recipient (one caller cannot fill a
 *     recipient's quota)
 * @param perIp notes held on behalf of one source IP prefix (the node's per-IP abuse quota)
 * @param bytesPerIp bytes of notes held on behalf of one source IP prefix (identities cost nothing,
 *     addresses do: this, not the per-sender bound, is what an abuser pays for)
 * @param maxNotes notes held in all
 * @param maxBytes bytes of notes held in all (wire bytes plus {@link #ENTRY_COST} each)
 * @param rememberedIds note ids remembered to refuse replays (held notes and delivered ones)
 * @param perIpPerPeer S7 tel: notes held for one recipient on behalf of one source IP prefix (one
 *     network, however many free identities it signs with, cannot take a recipient's whole quota)
 * @param bytesPerIpPerPeer S7 tel: bytes of notes held for one recipient on behalf of one source IP
 *     prefix
 * @param assemblingPerIp S7 tel: HOLDs in assembly from one source network (of the node's 256): a
 *     source pushes out its own oldest partial note, not other sources' (S8 tel: per network, 4 by
 *     default; when all 256 are taken, the network holding the most loses its oldest)
 * @param networkBitsV4 S8 tel: the prefix length (1..32) of an IPv4 source's network, for the
 *     bounds per recipient and network and the HOLDs in assembly (default 24)
 * @param networkBitsV6 S8 tel: the same for IPv6 (1..64; default 64, one subscriber's /64: a /48
 *     may hold many subscribers of a mobile network)
 */
public record NoteLimits(
    long holdMillis,
    int perPeer,
    long bytesPerPeer,
    int perSenderPerPeer,
    int perIp,
    long bytesPerIp,
    int maxNotes,
    long maxBytes,
    int rememberedIds,
    int perIpPerPeer,
    long bytesPerIpPerPeer,
    int assemblingPerIp,
    int networkBitsV4,
    int networkBitsV6) {

  /**
   * Heap counted for each held note beyond its envelope: the note, its two PeerIds, its id, its
   * list and map entries and its push bookkeeping (about 450 bytes measured by object layout for a
   * recipient with one note), rounded up.
   */
  public static final int ENTRY_COST = 512;

  /** The largest note a node takes: one overlay message (16 fragments of 1,100 bytes). */
  public static final int MAX_NOTE = 16 * 1100;

  public NoteLimits {
    if (holdMillis <= 0
        || perPeer < 1
        || bytesPerPeer < MAX_NOTE
        || perSenderPerPeer < 1
        || perIp < 1
        || bytesPerIp < MAX_NOTE
        || maxNotes < 1
        || maxBytes < MAX_NOTE
        || rememberedIds < maxNotes
        || perIpPerPeer < 1
        || bytesPerIpPerPeer < MAX_NOTE
        || assemblingPerIp < 1
        || assemblingPerIp > ASSEMBLING) {
      throw new IllegalArgumentException("note limits must be positive, byte bounds >= one note");
    }
    if (networkBitsV4 < 1 || networkBitsV4 > 32 || networkBitsV6 < 1 || networkBitsV6 > 64) {
      throw new IllegalArgumentException("a network prefix is 1..32 bits (IPv4), 1..64 (IPv6)");
    }
  }

  /** Limits with the default networks (IPv4 /24, IPv6 /64). */
  public NoteLimits(
      long holdMillis,
      int perPeer,
      long bytesPerPeer,
      int perSenderPerPeer,
      int perIp,
      long bytesPerIp,
      int maxNotes,
      long maxBytes,
      int rememberedIds,
      int perIpPerPeer,
      long bytesPerIpPerPeer,
      int assemblingPerIp) {
    this(
        holdMillis,
        perPeer,
        bytesPerPeer,
        perSenderPerPeer,
        perIp,
        bytesPerIp,
        maxNotes,
        maxBytes,
        rememberedIds,
        perIpPerPeer,
        bytesPerIpPerPeer,
        assemblingPerIp,
        24,
        64);
  }

  /**
   * 24 h; 16 notes and 64 KiB per recipient, 4 per sender and recipient; 1,024 notes and 2 MiB per
   * source IP prefix; 100,000 notes and 64 MiB in all; 200,000 ids remembered (about 16 MB more);
   * S7 tel: 4 notes and 32 KiB per recipient and source network (a network takes at most a quarter
   * of a recipient's notes and half its bytes); S8 tel: a network is an IPv4 /24 or an IPv6 /64,
   * and holds at most 4 HOLDs in assembly (of 256: 64 networks to fill them). 64 MiB is a quarter
   * of the record store's bound (256 MiB was as much again as the records, more than the whole
   * default heap of a node on a 1 GB VPS).
   */
  public static NoteLimits defaults() {
    return new NoteLimits(
        24L * 3_600_000,
        16,
        64 * 1024,
        4,
        1_024,
        2L * 1024 * 1024,
        100_000,
        64L * 1024 * 1024,
        200_000,
        4,
        32 * 1024,
        4,
        24,
        64);
  }

  /** S7 tel: the largest {@link #assemblingPerIp()}: a node keeps 256 HOLDs in assembly in all. */
  public static final int ASSEMBLING = 256;
}
