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
