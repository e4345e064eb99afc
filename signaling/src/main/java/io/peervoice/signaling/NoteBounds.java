package io.peervoice.signaling;

import io.peervoice.signaling.internal.overlay.NoteLimits;
import java.time.Duration;

/**
 * S8 tel: the bounds a {@link RendezvousNode} puts on the missed-call notes it holds for peers
 * ({@code docs/missed-calls.md}, "Bounds"; {@code peervoice node --note-*}). The bounds not named
 * here keep their defaults (per sender and recipient, per source IP); the byte bounds per recipient
 * grow with the counts (4 KiB a note, 8 KiB a note from one network, never below the defaults).
 *
 * @param hold how long a note is held before it is dropped undelivered (1 minute .. 7 days)
 * @param perPeer notes held for one recipient (1..1,024)
 * @param perNetworkPerPeer notes held for one recipient from one source network (1..perPeer): one
 *     network, however many identities it signs with, takes at most this share
 * @param networkBitsV4 the prefix length of an IPv4 source's network (8..32; default 24)
 * @param networkBitsV6 the prefix length of an IPv6 source's network (16..64; default 64, one
 *     subscriber: a /48 can hold many subscribers of a mobile network)
 * @param maxNotes notes held in all (at least perPeer)
 * @param maxBytes bytes of notes held in all (at least 1 MiB), each counted with 512 bytes of heap
 */
public record NoteBounds(
    Duration hold,
    int perPeer,
    int perNetworkPerPeer,
    int networkBitsV4,
    int networkBitsV6,
    int maxNotes,
    long maxBytes) {

  public NoteBounds {
    if (hold == null
        || hold.compareTo(Duration.ofMinutes(1)) < 0
        || hold.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException("a note's hold time must be 1 minute .. 7 days");
    }
    if (perPeer < 1 || perPeer > 1_024) {
      throw new IllegalArgumentException("notes per recipient must be 1..1024, got " + perPeer);
    }
    if (perNetworkPerPeer < 1 || perNetworkPerPeer > perPeer) {
      throw new IllegalArgumentException(
          "notes per recipient and network must be 1.." + perPeer + ", got " + perNetworkPerPeer);
    }
    if (networkBitsV4 < 8 || networkBitsV4 > 32) {
      throw new IllegalArgumentException("an IPv4 network is /8../32, got /" + networkBitsV4);
    }
    if (networkBitsV6 < 16 || networkBitsV6 > 64) {
      throw new IllegalArgumentException("an IPv6 network is /16../64, got /" + networkBitsV6);
    }
    if (maxNotes < perPeer) {
      throw new IllegalArgumentException("notes in all must be at least notes per recipient");
    }
    if (maxBytes < 1L << 20) {
      throw new IllegalArgumentException("note bytes in all must be at least 1 MiB");
    }
  }

  /**
   * 24 h; 16 notes per recipient, 4 of them from one network (IPv4 /24, IPv6 /64); 100,000 notes
   * and 64 MiB in all.
   */
  public static NoteBounds defaults() {
    return new NoteBounds(Duration.ofHours(24), 16, 4, 24, 64, 100_000, 64L * 1024 * 1024);
  }

  /** {@code base} with these bounds (the node's settings). */
  NoteLimits applyTo(NoteLimits base) {
    return new NoteLimits(
        hold.toMillis(),
        perPeer,
        Math.max(base.bytesPerPeer(), perPeer * 4_096L), // 64 KiB for 16
        base.perSenderPerPeer(),
        base.perIp(),
        base.bytesPerIp(),
        maxNotes,
        maxBytes,
        Math.max(base.rememberedIds(), 2 * maxNotes),
        perNetworkPerPeer,
        Math.max(base.bytesPerIpPerPeer(), perNetworkPerPeer * 8_192L), // 32 KiB for 4
        base.assemblingPerIp(),
        networkBitsV4,
        networkBitsV6);
  }
}
