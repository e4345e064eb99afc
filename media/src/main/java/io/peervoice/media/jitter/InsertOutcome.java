package io.peervoice.media.jitter;

/** What happened to a packet offered to the jitter buffer. */
public enum InsertOutcome {
  /** Buffered for playout. */
  ACCEPTED,
  /** A packet with this sequence number is already buffered or was played. */
  DUPLICATE,
  /** Arrived after its playout time; dropped. */
  LATE,
  /** Buffered, and the oldest packet was dropped to keep the buffer within its cap. */
  OVERFLOW
}
