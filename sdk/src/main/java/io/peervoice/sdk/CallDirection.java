package io.peervoice.sdk;

/** Who placed a call. */
public enum CallDirection {
  OUTGOING,
  INCOMING
}
