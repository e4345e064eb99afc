package io.peervoice.session.internal.dtls;

import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.session.dtls.CertificateFingerprint;
import java.util.List;
import java.util.Objects;

/**
 * What one DTLS-SRTP handshake needs.
 *
 * @param certificate our certificate and key
 * @param expected the fingerprint the peer's certificate must have (from its signed description)
 * @param profiles the SRTP profiles we accept, preferred first
 * @param resendMillis the first retransmission timeout (RFC 6347 §4.2.4.1), doubled on each
 * @param timeoutMillis how long the whole handshake may take
 */
public record DtlsSettings(
    SelfSignedCertificate certificate,
    CertificateFingerprint expected,
    List<SrtpProfile> profiles,
    int resendMillis,
    int timeoutMillis) {

  public DtlsSettings {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(expected, "expected");
    profiles = List.copyOf(profiles);
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException("no SRTP profile");
    }
  }
}
