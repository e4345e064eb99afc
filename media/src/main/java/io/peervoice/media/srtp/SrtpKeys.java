package io.peervoice.media.srtp;

import java.util.Objects;

/**
 * Both directions' SRTP master keys of one call leg, as a keying strategy hands them to the SRTP
 * stage: the one we protect our RTP and RTCP with, and the one we check the peer's with (RFC 3711
 * <a href="https://www.rfc-editor.org/rfc/rfc3711#section-3.2.1">§3.2.1</a>; each direction has its
 * own key, as with SDES (RFC 4568) and DTLS-SRTP (RFC 5764 §4.2)).
 *
 * @param send the key our outgoing packets are protected with
 * @param receive the key the peer's packets are checked and decrypted with
 */
public record SrtpKeys(SrtpKeyMaterial send, SrtpKeyMaterial receive) {

  public SrtpKeys {
    Objects.requireNonNull(send, "send");
    Objects.requireNonNull(receive, "receive");
    if (send.profile() != receive.profile()) {
      throw new IllegalArgumentException(
          "both directions need one profile: " + send.profile() + " and " + receive.profile());
    }
  }

  /** The protection profile both directions use. */
  public SrtpProfile profile() {
    return send.profile();
  }
}
