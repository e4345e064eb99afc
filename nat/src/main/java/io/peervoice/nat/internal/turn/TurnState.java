package io.peervoice.nat.internal.turn;

/** Where a {@link TurnClient}'s allocation stands. */
enum TurnState {
  CONNECTING,
  ALLOCATING,
  ALLOCATED,
  CLOSING,
  CLOSED
}
