package io.peervoice.nat.internal.turn;

/** A TURN relay's counts, confined to the client's lock. */
final class RelayTally {
  /** Datagrams not relayed: closed, table full, queue overflow, back-pressure. */
  long droppedSends;

  /** Frames dropped on receipt: malformed Data indications, unknown channels. */
  long droppedReceived;

  /** Permission refreshes granted, not counting first grants. */
  long permissionRefreshes;

  /** Channel binding refreshes granted, not counting first bindings. */
  long channelRefreshes;
}
