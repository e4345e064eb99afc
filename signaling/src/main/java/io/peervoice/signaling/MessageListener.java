package io.peervoice.signaling;

/** Receives messages sealed to this peer, after their signature checked and they decrypted. */
@FunctionalInterface
public interface MessageListener {
  /**
   * Called once per message (duplicates are dropped), on the client's thread: must not block.
   *
   * @param from the sender, proven by its signature
   * @param payload the decrypted payload
   */
  void received(PublicIdentity from, byte[] payload);
}
