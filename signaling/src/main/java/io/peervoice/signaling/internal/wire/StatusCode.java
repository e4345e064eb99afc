package io.peervoice.signaling.internal.wire;

/** Result codes carried in {@link Msg.Status}. Numbers are part of the wire format. */
public enum StatusCode {
  OK(0),
  /** The record failed its checks; the value is the {@code RecordCheck} ordinal. */
  REJECTED_RECORD(1),
  /** The attach signature, key or timestamp did not check. */
  BAD_ATTACH(2),
  /** The target peer is not attached to this node. */
  NOT_ATTACHED(3),
  /** The peer did not acknowledge the push in time. */
  PEER_TIMEOUT(4),
  /** The sender is over its rate limit. */
  RATE_LIMITED(5),
  /** A table on the node is full. */
  OVERLOADED(6),
  /** The request is too large. */
  TOO_LARGE(7),
  /** The request is only accepted from an attached peer. */
  NOT_ATTACHED_SENDER(8),
  /** STORE is only accepted from a node whose address and node id are proven. */
  NOT_A_NODE(9),
  /** PUBLISH of a record that does not list the receiving node among the peer's nodes. */
  NOT_LISTED(10),
  /** A per-IP quota (attachments or records from one address prefix) is used up. */
  QUOTA_EXCEEDED(11),
  /** S6 missed: a held note that is not a valid sealed message from its sender to its target. */
  BAD_NOTE(12),
  /** S6 missed: a held note this node holds or held already (a replay). */
  DUPLICATE(13),
  UNKNOWN(255);

  private final int wire;

  StatusCode(int wire) {
    this.wire = wire;
  }

  public int wire() {
    return wire;
  }

  public static StatusCode of(int wire) {
    for (StatusCode c : values()) {
      if (c.wire == wire) {
        return c;
      }
    }
    return UNKNOWN;
  }
}
