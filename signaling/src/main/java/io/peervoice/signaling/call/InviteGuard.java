package io.peervoice.signaling.call;

import io.peervoice.signaling.PeerId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Checks an invite before it creates any call state: it must name us as its callee (a re-targeted
 * invite is refused), be recent (±60 s of our clock), offer an SRTP profile we accept, not be one
 * we have seen (a replay), and carry a usable X25519 share (the X25519 is done on arrival, {@link
 * CallKeys#isWeakShare}; a phone does it after its admission limits, since it costs the most). The
 * sender's identity was already proven by the overlay's signature check.
 *
 * <p>The replay cache is keyed by (sender, call id) and holds each entry only while its invite
 * could still pass the freshness check (until its timestamp + 60 s); expired entries are dropped.
 * It never evicts a live entry: when it is full of live ones, new invites are refused ({@link
 * Rejection#REPLAY_CACHE_FULL}), so no flood can flush it and let a replay through. A phone records
 * an invite ({@link #remember}) only after its admission limits let it in, so strangers' floods
 * cannot fill it either. Not thread-safe: use from the phone's signaling thread.
 */
public final class InviteGuard {

  /** Why an invite was refused. */
  public enum Rejection {
    RETARGETED,
    STALE,
    REPLAYED,
    BAD_KEY_SHARE,
    NO_COMMON_PROFILE,
    /** The replay cache is full of live entries: refusing is the only safe answer. */
    REPLAY_CACHE_FULL
  }

  /** How far an invite's timestamp may be from our clock, either way. */
  public static final long WINDOW_MILLIS = 60_000;

  /** The default number of live invites remembered. */
  public static final int DEFAULT_CAPACITY = 4_096;

  private record Key(PeerId sender, CallId callId) {}

  private record Entry(long expiresMillis, Key key) {}

  private final PeerId me;
  private final int capacity;
  private final Map<Key, Long> seen = new HashMap<>();
  private final PriorityQueue<Entry> byExpiry =
      new PriorityQueue<>((a, b) -> Long.compare(a.expiresMillis(), b.expiresMillis()));

  public InviteGuard(PeerId me) {
    this(me, DEFAULT_CAPACITY);
  }

  /** A guard remembering at most {@code capacity} live invites. */
  public InviteGuard(PeerId me, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.me = me;
    this.capacity = capacity;
  }

  /**
   * The cheap checks of {@code invite} from {@code sender}, without recording it: re-targeted,
   * stale, replayed, no common SRTP profile. Null if it may go on to the phone's admission limits,
   * then {@link #checkKeyShare} and {@link #remember}.
   *
   * @param supportedProfiles the SRTP profiles we accept
   */
  public Rejection check(
      PeerId sender,
      CallMessage.Invite invite,
      long nowWallMillis,
      List<String> supportedProfiles) {
    Rejection r =
        checkOffer(
            sender, invite.callee(), invite.timestampMillis(), invite.callId(), nowWallMillis);
    if (r != null) {
      return r;
    }
    if (invite.profiles().stream().noneMatch(supportedProfiles::contains)) {
      return Rejection.NO_COMMON_PROFILE;
    }
    return null;
  }

  /**
   * Does the X25519 with the invite's share at once ({@link CallKeys#isWeakShare}): {@link
   * Rejection#BAD_KEY_SHARE} for a share of small order, else null. Costs one X25519, so a phone
   * runs it after its admission limits, on invites that may ring.
   */
  public Rejection checkKeyShare(CallMessage.Invite invite) {
    return CallKeys.isWeakShare(invite.keyShare()) ? Rejection.BAD_KEY_SHARE : null;
  }

  /**
   * Records a checked invite as seen; null if recorded, {@link Rejection#REPLAYED} if it already
   * was, {@link Rejection#REPLAY_CACHE_FULL} if there is no room without dropping a live entry.
   */
  public Rejection remember(PeerId sender, CallMessage.Invite invite, long nowWallMillis) {
    return remember(sender, invite.callId(), invite.timestampMillis(), nowWallMillis);
  }

  /**
   * S6 wrtcj: the cheap checks of a {@link CallMessage.WebOffer} (re-targeted, stale, replayed), as
   * for an invite; it has no SRTP profiles or key share (DTLS-SRTP negotiates them).
   */
  public Rejection checkWeb(PeerId sender, CallMessage.WebOffer offer, long nowWallMillis) {
    return checkOffer(
        sender, offer.callee(), offer.timestampMillis(), offer.callId(), nowWallMillis);
  }

  /** S6 wrtcj: records a checked {@link CallMessage.WebOffer} as seen, as {@link #remember}. */
  public Rejection rememberWeb(PeerId sender, CallMessage.WebOffer offer, long nowWallMillis) {
    return remember(sender, offer.callId(), offer.timestampMillis(), nowWallMillis);
  }

  private Rejection checkOffer(
      PeerId sender, byte[] callee, long timestampMillis, CallId callId, long nowWallMillis) {
    expire(nowWallMillis);
    if (!Arrays.equals(callee, me.bytes())) {
      return Rejection.RETARGETED;
    }
    if (Math.abs(nowWallMillis - timestampMillis) > WINDOW_MILLIS) {
      return Rejection.STALE;
    }
    return seen.containsKey(new Key(sender, callId)) ? Rejection.REPLAYED : null;
  }

  private Rejection remember(
      PeerId sender, CallId callId, long timestampMillis, long nowWallMillis) {
    expire(nowWallMillis);
    Key key = new Key(sender, callId);
    if (seen.containsKey(key)) {
      return Rejection.REPLAYED;
    }
    if (seen.size() >= capacity) {
      return Rejection.REPLAY_CACHE_FULL;
    }
    long expires = timestampMillis + WINDOW_MILLIS;
    seen.put(key, expires);
    byExpiry.add(new Entry(expires, key));
    return null;
  }

  /** {@link #check}, {@link #checkKeyShare}, then {@link #remember}: null if it may ring. */
  public Rejection accept(
      PeerId sender,
      CallMessage.Invite invite,
      long nowWallMillis,
      List<String> supportedProfiles) {
    Rejection r = check(sender, invite, nowWallMillis, supportedProfiles);
    if (r == null) {
      r = checkKeyShare(invite);
    }
    return r != null ? r : remember(sender, invite, nowWallMillis);
  }

  /** Live invites remembered. */
  public int size() {
    return seen.size();
  }

  /** Drops entries whose invites would now be refused as stale anyway. */
  private void expire(long nowWallMillis) {
    while (!byExpiry.isEmpty() && byExpiry.peek().expiresMillis() < nowWallMillis) {
      seen.remove(byExpiry.poll().key());
    }
  }
}
