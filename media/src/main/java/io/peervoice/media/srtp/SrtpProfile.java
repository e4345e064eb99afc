package io.peervoice.media.srtp;

/**
 * SRTP protection profiles PeerVoice offers, with their key lengths (RFC 3711 <a
 * href="https://www.rfc-editor.org/rfc/rfc3711#section-8.2">§8.2</a>, RFC 4568 §6.2.1, RFC 7714
 * §14.2). AES-F8 is deliberately absent (broken in the bundled jitsi-srtp).
 */
public enum SrtpProfile {
  /** AES-128 counter mode, 80-bit HMAC-SHA1 tag: the mandatory-to-implement default. */
  AES_CM_128_HMAC_SHA1_80(16, 14, 10),
  /** AES-128 counter mode, 32-bit HMAC-SHA1 tag on RTP (SRTCP keeps 80 bits). */
  AES_CM_128_HMAC_SHA1_32(16, 14, 4),
  /** AES-128 GCM AEAD (RFC 7714) with a 128-bit tag. */
  AEAD_AES_128_GCM(16, 12, 16);

  private final int keyLength;
  private final int saltLength;
  private final int authTagLength;

  SrtpProfile(int keyLength, int saltLength, int authTagLength) {
    this.keyLength = keyLength;
    this.saltLength = saltLength;
    this.authTagLength = authTagLength;
  }

  /** Master key length in bytes. */
  public int keyLength() {
    return keyLength;
  }

  /** Master salt length in bytes. */
  public int saltLength() {
    return saltLength;
  }

  /** Bytes the SRTP transform appends to each RTP packet. */
  public int authTagLength() {
    return authTagLength;
  }
}
