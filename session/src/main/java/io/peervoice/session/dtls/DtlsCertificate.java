package io.peervoice.session.dtls;

import io.peervoice.session.internal.dtls.SelfSignedCertificate;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * This endpoint's DTLS identity for DTLS-SRTP: a fresh self-signed ECDSA P-256 certificate (what
 * Chromium accepts and makes itself) whose {@link #fingerprint()} the call's signed messages carry,
 * so the media keys are bound to the signaling identities (RFC 8122 <a
 * href="https://www.rfc-editor.org/rfc/rfc8122#section-5">§5</a>, RFC 8827 §6.5). Make one per
 * phone (or per call); the private key never leaves it. Thread-safe, immutable.
 */
public final class DtlsCertificate {
  /** How long a generated certificate is valid; only its fingerprint is ever checked. */
  public static final Duration LIFE = Duration.ofDays(30);

  private final SelfSignedCertificate certificate;
  private final CertificateFingerprint fingerprint;

  private DtlsCertificate(SelfSignedCertificate certificate) {
    this.certificate = certificate;
    this.fingerprint = CertificateFingerprint.of(certificate.der());
  }

  /** Generates a key pair and certificate (a few milliseconds). */
  public static DtlsCertificate generate(SecureRandom random, Instant now) {
    Objects.requireNonNull(random, "random");
    return new DtlsCertificate(SelfSignedCertificate.generate(random, now, LIFE));
  }

  /** The SHA-256 fingerprint of the certificate, for {@code a=fingerprint}. */
  public CertificateFingerprint fingerprint() {
    return fingerprint;
  }

  /** The certificate, DER-encoded. */
  public byte[] der() {
    return certificate.der();
  }

  SelfSignedCertificate certificate() {
    return certificate;
  }

  @Override
  public String toString() {
    return "DtlsCertificate[" + fingerprint.toSdp() + "]";
  }
}
