package io.peervoice.signaling.call;

/**
 * S6 presence: whom a phone tells that it is on when they probe it ({@link
 * CallMessage.PresenceProbe}, {@code docs/presence.md}). Answering discloses that the phone is
 * running and attached now (and whether it is set to do not disturb), never where it is: the answer
 * travels through the overlay and carries no address. Anyone not allowed gets no answer at all, so
 * to them the phone looks offline. The default is {@link #CONTACTS}.
 */
public enum PresencePolicy {
  /** Answer any peer's probe (within the rate limits). */
  EVERYONE,
  /** Answer only the phone's contacts ({@code PhoneConfig.contacts}); strangers get silence. */
  CONTACTS,
  /** Answer nobody. */
  NOBODY;

  /** Whether a probe from a peer that is ({@code contact}) or is not one of ours is answered. */
  public boolean allows(boolean contact) {
    return this == EVERYONE || this == CONTACTS && contact;
  }
}
