package io.peervoice.session.dtls;

import java.util.Locale;

/**
 * The SDP {@code a=setup} attribute of a DTLS-SRTP media section (RFC 4145 <a
 * href="https://www.rfc-editor.org/rfc/rfc4145#section-4">§4</a>, RFC 5763 <a
 * href="https://www.rfc-editor.org/rfc/rfc5763#section-5">§5</a>, RFC 8842 <a
 * href="https://www.rfc-editor.org/rfc/rfc8842#section-5.2">§5.2</a>): which side opens the DTLS
 * handshake. An offer says {@link #ACTPASS}; the answer says {@link #ACTIVE} (the DTLS client, what
 * we answer) or {@link #PASSIVE} (the DTLS server). {@code holdconn} is not supported.
 */
public enum DtlsSetup {
  /** Either role; the answerer decides. What an offer carries. */
  ACTPASS,
  /** This side opens the handshake: the DTLS client. */
  ACTIVE,
  /** This side waits for the peer's ClientHello: the DTLS server. */
  PASSIVE;

  /** The attribute value, e.g. {@code actpass}. */
  public String sdpName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses an attribute value ({@code actpass}, {@code active}, {@code passive}).
   *
   * @throws IllegalArgumentException for any other value ({@code holdconn} included)
   */
  public static DtlsSetup fromSdpName(String value) {
    return switch (value) {
      case "actpass" -> ACTPASS;
      case "active" -> ACTIVE;
      case "passive" -> PASSIVE;
      default -> throw new IllegalArgumentException("unsupported a=setup value: " + value);
    };
  }

  /**
   * What an answerer says to an offer of {@code offered}: {@link #ACTIVE} to {@code actpass} (RFC
   * 8842 §5.2: the answerer should be the client, saving a round trip) and to {@code passive},
   * {@link #PASSIVE} to {@code active}.
   */
  public static DtlsSetup answerTo(DtlsSetup offered) {
    return offered == ACTIVE ? PASSIVE : ACTIVE;
  }
}
