package io.peervoice.session.dtls;

/** Which end of the DTLS handshake this side is, decided from both {@link DtlsSetup}s. */
public enum DtlsRole {
  /** Sends the ClientHello; its exporter half comes first (RFC 5764 §4.2). */
  CLIENT,
  /** Answers the ClientHello. */
  SERVER;

  /**
   * Our role from our {@code a=setup} and the peer's (RFC 5763 §5, RFC 4145 §4): active is the
   * client, passive the server; an offerer's {@code actpass} takes the opposite of the answer.
   *
   * @throws IllegalArgumentException if the two do not fit (both active, both passive, or an answer
   *     that still says {@code actpass})
   */
  public static DtlsRole of(DtlsSetup local, DtlsSetup remote) {
    if (local == DtlsSetup.ACTIVE && remote != DtlsSetup.ACTIVE) {
      return CLIENT;
    }
    if (local == DtlsSetup.PASSIVE && remote != DtlsSetup.PASSIVE) {
      return SERVER;
    }
    if (local == DtlsSetup.ACTPASS && remote == DtlsSetup.ACTIVE) {
      return SERVER;
    }
    if (local == DtlsSetup.ACTPASS && remote == DtlsSetup.PASSIVE) {
      return CLIENT;
    }
    throw new IllegalArgumentException(
        "a=setup:"
            + local.sdpName()
            + " here and a=setup:"
            + remote.sdpName()
            + " at the peer do not decide a DTLS role (RFC 5763 §5)");
  }
}
