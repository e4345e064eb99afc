package io.peervoice.signaling.call;

/**
 * Which transfers a phone honours ({@code docs/transfer.md}): a peer asking us to call someone else
 * (blind or attended), and an invite that claims to replace a call we are in (attended). A refused
 * request is answered {@link TransferOutcome#REFUSED}; a refused replacing invite is answered
 * {@link EndReason#REJECTED}.
 */
public enum TransferPolicy {
  /** Never: every transfer request and replacing invite is refused. */
  NEVER,
  /**
   * From contacts only (the default): the peer asking (the transferor) must be in {@code
   * PhoneConfig.contacts}. A stranger cannot make our phone call someone or end a call of ours.
   */
  CONTACTS,
  /** From anyone we are in an active call with. */
  ALWAYS;

  /** Whether a request from a peer that is ({@code contact}) or is not one of our contacts. */
  public boolean allows(boolean contact) {
    return this == ALWAYS || (this == CONTACTS && contact);
  }
}
