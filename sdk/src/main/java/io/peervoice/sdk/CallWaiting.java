package io.peervoice.sdk;

/** What a phone in a call does with a second incoming call. */
public enum CallWaiting {
  /** It rings as well (call waiting): the user may answer it, holding or ending the first. */
  RING,
  /** The caller hears busy. */
  BUSY
}
