package io.peervoice.media.srtp;

/**
 * Authenticates, replay-checks and decrypts incoming SRTP of one direction (RFC 3711 <a
 * href="https://www.rfc-editor.org/rfc/rfc3711#section-3.3">§3.3</a>). Never throws for bad input:
 * every failure is a typed {@link UnprotectResult.Rejected}. Thread-safe.
 */
public interface SrtpReceiver extends AutoCloseable {

  UnprotectResult unprotect(byte[] srtp, int offset, int length);

  /** Authenticates, replay-checks and decrypts one SRTCP packet (RFC 3711 §3.4). */
  UnprotectResult unprotectRtcp(byte[] srtcp, int offset, int length);

  /**
   * {@link #unprotect}, decrypting in {@code buffer} itself, so a receiver that reuses one buffer
   * allocates nothing per packet. The plain packet starts at {@code offset}.
   *
   * @return the plain packet's length (0 or more), or a negative {@link SrtpRejection#code()};
   *     after a rejection the bytes in {@code buffer} may have changed and must not be used
   */
  default int unprotectInPlace(byte[] buffer, int offset, int length) {
    return inPlace(unprotect(buffer, offset, length), buffer, offset);
  }

  /** {@link #unprotectInPlace} for SRTCP (RFC 3711 §3.4). */
  default int unprotectRtcpInPlace(byte[] buffer, int offset, int length) {
    return inPlace(unprotectRtcp(buffer, offset, length), buffer, offset);
  }

  private static int inPlace(UnprotectResult result, byte[] buffer, int offset) {
    if (result instanceof UnprotectResult.Accepted accepted) {
      byte[] plain = accepted.rtp();
      System.arraycopy(plain, 0, buffer, offset, plain.length);
      return plain.length;
    }
    return ((UnprotectResult.Rejected) result).reason().code();
  }

  SrtpProfile profile();

  /**
   * How many crypto contexts this receiver has derived from the master key (RFC 3711 <a
   * href="https://www.rfc-editor.org/rfc/rfc3711#section-4.3">§4.3</a>), one per SSRC and
   * direction; each costs several AES operations (about 14 µs), so forged packets must not drive
   * it.
   */
  long keyDerivations();

  @Override
  void close();
}
