package io.peervoice.signaling.internal.overlay;

import java.util.concurrent.atomic.AtomicLongArray;

/** What a node counts; written on the logic thread, readable from any (metrics). */
public final class NodeCounters {
  /** Counted events; names become metric names. */
  public enum Event {
    RECEIVED,
    MALFORMED,
    RATE_LIMITED,
    STUN_BINDING,
    PING,
    FIND_NODE,
    FIND_RECORD,
    STORE,
    STORE_REJECTED,
    ATTACH,
    ATTACH_REJECTED,
    PUBLISH,
    LOOKUP,
    ROUTED,
    DELIVERED,
    DELIVERY_FAILED,
    OVERLOADED,
    UNSOLICITED,
    NODE_VERIFIED,
    NODE_EVICTED,
    /** Datagrams sent by the node (replies, requests, pushes, STUN). */
    SENT,
    /** Bytes received, before any check. */
    BYTES_RECEIVED,
    /** Bytes sent. */
    BYTES_SENT,
    /** A reply not sent because it would have been larger than the unproven request. */
    AMPLIFICATION_DROPPED,
    /** A COOKIE sent (to a HELLO, or instead of an answer to an unproven source). */
    COOKIE_SENT,
    /** A source proved its address with a valid cookie. */
    PROVEN,
    /** A HELLO or ATTACH with a cookie that was stale, forged or for another address. */
    BAD_COOKIE,
    /**
     * A signature (node proof or attach check) refused: its source's or the node's budget spent.
     */
    SIGNATURE_LIMITED,
    /** A signature computed to prove this node's id. */
    SIGNED,
    /** A STORE refused: its sender is not a proven node. */
    NOT_A_NODE,
    /** A PUBLISH of a record not listing this node. */
    NOT_LISTED,
    /** A request refused by a per-IP quota. */
    QUOTA_EXCEEDED,
    /** A record evicted (earliest expiry first) to make room for a later-expiring one. */
    RECORD_EVICTED,
    /** An identical PUBLISH answered without replicating again. */
    PUBLISH_REPEATED,
    /** A node id without the required work ({@code NodeSettings.nodeIdWork}) was refused. */
    NODE_ID_REFUSED,
    /** A proven node was refused: its bucket holds {@code maxPerSubnet} of its subnet already. */
    SUBNET_FULL,
    // S6 missed
    /** A missed-call note taken to hold (HOLD). */
    NOTE_HELD,
    /** A HOLD refused: bad or unsigned note, replay, quota, full or over the signature budget. */
    NOTE_REFUSED,
    /** A held note acknowledged by its recipient (and dropped). */
    NOTE_DELIVERED,
    /** A held note dropped undelivered when its hold time was up. */
    NOTE_EXPIRED,
    // S7 webroute
    /** A FORWARD's fragment sent on as ROUTE to one of its target's record nodes. */
    FORWARDED,
    /** A FORWARD refused: unattached sender, over its rate or the table of forwards in flight. */
    FORWARD_REFUSED,
    // S9 notes
    /** A held note handed over to a node a newer record of its recipient lists (then dropped). */
    NOTE_HANDED_OVER,
    /** A handover not queued: too many waiting. */
    HANDOVER_DROPPED,
    /** A HOLD taken as a handover from a record holder of its recipient (network share waived). */
    HANDOVER_HELD
  }

  private final AtomicLongArray counts = new AtomicLongArray(Event.values().length);

  void add(Event e) {
    counts.incrementAndGet(e.ordinal());
  }

  void add(Event e, long amount) {
    counts.addAndGet(e.ordinal(), amount);
  }

  public long get(Event e) {
    return counts.get(e.ordinal());
  }
}
