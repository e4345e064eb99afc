package io.peervoice.media.srtp;

/** Why an incoming SRTP packet was dropped (RFC 3711 §3.3 receiver processing). */
public enum SrtpRejection {
  /** Authentication tag did not verify: tampered, or keyed for another session. */
  AUTH_FAILED,
  /** Already received within the replay window (RFC 3711 §3.3.2). */
  REPLAYED,
  /** Older than the replay window. */
  TOO_OLD,
  /** Too short or not RTP at all. */
  MALFORMED,
  /** More SSRCs than a session tracks; the packet would have created unbounded state. */
  TOO_MANY_SOURCES,
  /**
   * An SSRC other than the one the peer announced: dropped before any key derivation, so forged
   * packets under new SSRCs cost no more than a table look-up.
   */
  UNEXPECTED_SSRC,
  /** The crypto provider failed. */
  CRYPTO_ERROR,
  /**
   * The SRTP stage had no keys yet (e.g. before a DTLS-SRTP handshake completed): nothing can be
   * checked, so the packet is dropped.
   */
  NOT_KEYED;

  private static final SrtpRejection[] ALL = values();

  /**
   * This rejection as the negative result of an in-place unprotect ({@link
   * SrtpReceiver#unprotectInPlace}): never a packet length.
   */
  public int code() {
    return -1 - ordinal();
  }

  /**
   * The rejection a negative in-place result names ({@link #code()}).
   *
   * @throws IllegalArgumentException if {@code code} names none
   */
  public static SrtpRejection ofCode(int code) {
    int i = -1 - code;
    if (i < 0 || i >= ALL.length) {
      throw new IllegalArgumentException("not an SRTP rejection code: " + code);
    }
    return ALL[i];
  }
}
