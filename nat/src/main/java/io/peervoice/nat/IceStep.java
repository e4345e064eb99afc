package io.peervoice.nat;

/** The step of connection set-up at which ICE failed. */
public enum IceStep {
  /** Creating the agent or binding host candidates. */
  GATHERING,
  /** The remote parameters were unusable. */
  REMOTE_PARAMETERS,
  /** Every candidate pair failed its connectivity checks. */
  CONNECTIVITY_CHECKS,
  /** No pair was nominated within the configured time. */
  TIMEOUT,
  /** The session was closed before it connected. */
  CLOSED
}
