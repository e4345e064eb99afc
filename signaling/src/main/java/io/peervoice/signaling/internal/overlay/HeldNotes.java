package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * S6 missed: the missed-call notes a node holds for peers, bounded by {@link NoteLimits} (count and
 * bytes per recipient and per source IP prefix, count per sender and recipient, count and bytes per
 * recipient and source network (S8 tel: IPv4 /24, IPv6 /64 by default, {@link Origin}), count and
 * bytes in all), each dropped {@link NoteLimits#holdMillis()} after it was taken. Remembers the ids
 * of notes it held (bounded, oldest forgotten first) so a replayed note is refused. Times are the
 * caller's monotonic clock ({@link Env#nowMillis()}), so tests inject them. Single-threaded.
 */
final class HeldNotes {
  /** A note id: the first 16 bytes of the sender's signature. */
  record NoteId(long high, long low) {
    static NoteId of(byte[] signature) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(signature);
      return new NoteId(b.getLong(), b.getLong());
    }
  }

  /**
   * S8 tel: where a note came from: the source's IP prefix ({@link IpPrefix#of}: the IPv4 address
   * or IPv6 /64), for the per-IP quota, and its network ({@link NoteLimits#networkBitsV4()}, {@link
   * NoteLimits#networkBitsV6()}), for the share of each recipient's notes.
   */
  record Origin(IpPrefix host, IpPrefix network, boolean handover) {
    static Origin of(java.net.InetSocketAddress from, NoteLimits limits) {
      return of(from, limits, false);
    }

    /** S9 notes: {@code handover}: from a record holder of the recipient (no network share). */
    static Origin of(java.net.InetSocketAddress from, NoteLimits limits, boolean handover) {
      return new Origin(
          IpPrefix.of(from),
          IpPrefix.network(from, limits.networkBitsV4(), limits.networkBitsV6()),
          handover);
    }
  }

  /** One held note: a sealed envelope for {@code target}, as the sender routed it. */
  static final class Note {
    final PeerId target;
    final PeerId sender;
    final NoteId id;
    final long messageId;
    final byte[] envelope;
    final Origin origin;
    final long expiresMillis;

    /** The devices (addresses) a push of this note is under way to (at most a few). */
    final java.util.Set<java.net.InetSocketAddress> pushingTo = new java.util.HashSet<>(2);

    /** S9 notes: the nodes this note was handed over to (bounded by NoteHandover). */
    final java.util.Set<PeerId> handedTo = new java.util.HashSet<>(2);

    /** Pushes started to each device address since it last attached (bounded by NoteDesk). */
    final Map<java.net.InetSocketAddress, Integer> pushes = new HashMap<>(2);

    Note(
        PeerId target,
        PeerId sender,
        NoteId id,
        long messageId,
        byte[] envelope,
        Origin origin,
        long expiresMillis) {
      this.target = target;
      this.sender = sender;
      this.id = id;
      this.messageId = messageId;
      this.envelope = envelope;
      this.origin = origin;
      this.expiresMillis = expiresMillis;
    }

    long cost() {
      return envelope.length + NoteLimits.ENTRY_COST;
    }
  }

  /** What became of a note offered. */
  enum Result {
    HELD,
    DUPLICATE,
    /** The recipient's count or bytes, or the sender's share of them, are used up. */
    PEER_QUOTA,
    /** S7 tel: the source network holds its share of the recipient's notes or bytes. */
    PEER_IP_QUOTA,
    /** The source IP prefix holds its quota of notes. */
    IP_QUOTA,
    /** The node holds its most notes or bytes. */
    FULL
  }

  private final NoteLimits limits;
  private final Map<PeerId, List<Note>> byPeer = new HashMap<>();
  private final Map<IpPrefix, long[]> perIp = new HashMap<>(); // {notes, bytes}

  /** Every held note in the order taken, which is the order of expiry (one hold time for all). */
  private final java.util.LinkedHashSet<Note> byExpiry = new java.util.LinkedHashSet<>();

  private final Map<NoteId, Boolean> seen;
  private int count;
  private long bytes;

  HeldNotes(NoteLimits limits) {
    this.limits = limits;
    this.seen = BoundedMaps.oldestInserted(limits.rememberedIds());
  }

  NoteLimits limits() {
    return limits;
  }

  /** Whether a note with this id is held or was held (a replay), without taking it. */
  boolean seen(NoteId id) {
    return seen.containsKey(id);
  }

  /**
   * Whether a note of {@code size} bytes from {@code sender} to {@code target}, from {@code
   * origin}, fits every bound; {@link Result#HELD} if so (nothing is taken yet).
   */
  Result fits(PeerId target, PeerId sender, NoteId id, int size, Origin origin) {
    if (seen(id)) {
      return Result.DUPLICATE;
    }
    List<Note> held = byPeer.getOrDefault(target, List.of());
    long peerBytes = size + NoteLimits.ENTRY_COST;
    int fromSender = 0;
    int fromIp = 0; // S7 tel: this network's share of the recipient's quota (S8: /24, /64)
    long ipBytes = size + NoteLimits.ENTRY_COST;
    for (Note n : held) {
      peerBytes += n.cost();
      if (n.sender.equals(sender)) {
        fromSender++;
      }
      if (n.origin.network().equals(origin.network())) {
        fromIp++;
        ipBytes += n.cost();
      }
    }
    if (held.size() >= limits.perPeer()
        || peerBytes > limits.bytesPerPeer()
        || fromSender >= limits.perSenderPerPeer()) {
      return Result.PEER_QUOTA;
    }
    if (!origin.handover()
        && (fromIp >= limits.perIpPerPeer() || ipBytes > limits.bytesPerIpPerPeer())) {
      return Result.PEER_IP_QUOTA;
    }
    long[] ip = perIp.get(origin.host());
    if (ip != null
        && (ip[0] >= limits.perIp()
            || ip[1] + size + NoteLimits.ENTRY_COST > limits.bytesPerIp())) {
      return Result.IP_QUOTA;
    }
    if (count >= limits.maxNotes() || bytes + size + NoteLimits.ENTRY_COST > limits.maxBytes()) {
      return Result.FULL;
    }
    return Result.HELD;
  }

  /** Takes a note once {@link #fits} said so and its signature checked. */
  Result hold(
      PeerId target,
      PeerId sender,
      NoteId id,
      long messageId,
      byte[] envelope,
      Origin origin,
      long nowMillis) {
    Result fits = fits(target, sender, id, envelope.length, origin);
    if (fits != Result.HELD) {
      return fits;
    }
    Note note =
        new Note(target, sender, id, messageId, envelope, origin, nowMillis + limits.holdMillis());
    byPeer.computeIfAbsent(target, p -> new ArrayList<>(2)).add(note);
    long[] ip = perIp.computeIfAbsent(origin.host(), k -> new long[2]);
    ip[0]++;
    ip[1] += note.cost();
    byExpiry.add(note);
    seen.put(id, Boolean.TRUE);
    count++;
    bytes += note.cost();
    return Result.HELD;
  }

  /** Whether any note is held for {@code target}. */
  boolean holdsFor(PeerId target) {
    return byPeer.containsKey(target);
  }

  /** The notes held for {@code target} that have not expired (a copy, oldest first). */
  List<Note> of(PeerId target, long nowMillis) {
    List<Note> out = new ArrayList<>();
    for (Note n : byPeer.getOrDefault(target, List.of())) {
      if (n.expiresMillis > nowMillis) {
        out.add(n);
      }
    }
    return out;
  }

  /** Drops a note (delivered and acknowledged); its id stays remembered. False if not held. */
  boolean remove(Note note) {
    List<Note> held = byPeer.get(note.target);
    if (held == null || !held.remove(note)) {
      return false;
    }
    if (held.isEmpty()) {
      byPeer.remove(note.target);
    }
    byExpiry.remove(note);
    forget(note);
    return true;
  }

  private void forget(Note note) {
    long[] ip = perIp.get(note.origin.host());
    if (--ip[0] == 0) {
      perIp.remove(note.origin.host());
    } else {
      ip[1] -= note.cost();
    }
    count--;
    bytes -= note.cost();
  }

  /**
   * Drops the notes whose time is up; how many. Costs what it drops: notes are visited in the order
   * they expire and the first one still due later ends the sweep.
   */
  int sweep(long nowMillis) {
    int dropped = 0;
    for (Iterator<Note> it = byExpiry.iterator(); it.hasNext(); ) {
      Note n = it.next();
      if (n.expiresMillis > nowMillis) {
        break;
      }
      it.remove();
      List<Note> held = byPeer.get(n.target);
      held.remove(n);
      if (held.isEmpty()) {
        byPeer.remove(n.target);
      }
      forget(n);
      dropped++;
    }
    return dropped;
  }

  int size() {
    return count;
  }

  long bytes() {
    return bytes;
  }
}
