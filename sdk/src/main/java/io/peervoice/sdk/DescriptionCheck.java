package io.peervoice.sdk;

import io.peervoice.session.MediaDescription;
import io.peervoice.session.SessionDescription;

/**
 * Checks a peer's media description (in its RINGING, ANSWER or RESTART; an INVITE's offer is
 * checked on arrival) before a call uses it: it must decode into what a {@link SessionDescription}
 * accepts (dynamic, distinct payload types; IP-literal UDP candidates; ICE credentials). Only a
 * RINGING may be empty (a callee deferring ICE).
 */
final class DescriptionCheck {
  private DescriptionCheck() {}

  /** Why {@code description} cannot be used, or null if it can. */
  static String problem(byte[] description, boolean mayBeEmpty) {
    if (description.length == 0) {
      return mayBeEmpty ? null : "empty";
    }
    try {
      MediaDescription.decode(description);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
