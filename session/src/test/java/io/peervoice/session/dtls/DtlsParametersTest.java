package io.peervoice.session.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** Roles from a=setup, fingerprints, and the certificate a WebRTC peer will see. */
class DtlsParametersTest {

  @Test
  void rolesFollowRfc5763() {
    assertThat(DtlsRole.of(DtlsSetup.ACTPASS, DtlsSetup.ACTIVE)).isEqualTo(DtlsRole.SERVER);
    assertThat(DtlsRole.of(DtlsSetup.ACTPASS, DtlsSetup.PASSIVE)).isEqualTo(DtlsRole.CLIENT);
    assertThat(DtlsRole.of(DtlsSetup.ACTIVE, DtlsSetup.ACTPASS)).isEqualTo(DtlsRole.CLIENT);
    assertThat(DtlsRole.of(DtlsSetup.ACTIVE, DtlsSetup.PASSIVE)).isEqualTo(DtlsRole.CLIENT);
    assertThat(DtlsRole.of(DtlsSetup.PASSIVE, DtlsSetup.ACTPASS)).isEqualTo(DtlsRole.SERVER);
    assertThat(DtlsRole.of(DtlsSetup.PASSIVE, DtlsSetup.ACTIVE)).isEqualTo(DtlsRole.SERVER);
    for (DtlsSetup[] bad :
        new DtlsSetup[][] {
          {DtlsSetup.ACTPASS, DtlsSetup.ACTPASS},
          {DtlsSetup.ACTIVE, DtlsSetup.ACTIVE},
          {DtlsSetup.PASSIVE, DtlsSetup.PASSIVE}
        }) {
      assertThatThrownBy(() -> DtlsRole.of(bad[0], bad[1]))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(DtlsSetup.answerTo(DtlsSetup.ACTPASS)).isEqualTo(DtlsSetup.ACTIVE);
    assertThat(DtlsSetup.answerTo(DtlsSetup.ACTIVE)).isEqualTo(DtlsSetup.PASSIVE);
    assertThat(DtlsSetup.answerTo(DtlsSetup.PASSIVE)).isEqualTo(DtlsSetup.ACTIVE);
    for (DtlsSetup offered : DtlsSetup.values()) {
      assertThat(DtlsRole.of(DtlsSetup.answerTo(offered), offered))
          .as("the answer always decides a role, opposite to the offerer's")
          .isNotEqualTo(DtlsRole.of(offered, DtlsSetup.answerTo(offered)));
    }
  }

  @Test
  void fingerprintsParseInEitherCaseAndWriteUpperCase() {
    String hex =
        "4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3E:4B:65:C2:66:4D:C9:0C:AB:22:E3:2B";
    CertificateFingerprint f = CertificateFingerprint.parse("SHA-256 " + hex.toLowerCase());
    assertThat(f.toSdp()).isEqualTo("sha-256 " + hex);
    assertThat(CertificateFingerprint.parse(f.toSdp())).isEqualTo(f);
    assertThatThrownBy(() -> CertificateFingerprint.parse("sha-1 " + hex))
        .hasMessageContaining("only sha-256");
    assertThatThrownBy(() -> CertificateFingerprint.parse("sha-256 " + hex.replace(':', '-')))
        .hasMessageContaining("separated by ':'");
    assertThatThrownBy(() -> CertificateFingerprint.parse("sha-256 " + hex.substring(3)))
        .hasMessageContaining("32 colon-separated bytes");
    assertThatThrownBy(() -> CertificateFingerprint.parse("sha-256 " + hex.replace('4', 'G')))
        .hasMessageContaining("not a hex digit");
  }

  @Test
  void theCertificateIsASelfSignedP256EcdsaCertificateThatTheJdkAccepts() throws Exception {
    Instant now = Instant.now();
    DtlsCertificate certificate = DtlsCertificate.generate(new SecureRandom(), now);
    X509Certificate x509 =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.der()));
    x509.verify(x509.getPublicKey()); // self-signed, signature valid
    x509.checkValidity(Date.from(now));
    assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(((ECPublicKey) x509.getPublicKey()).getParams().getCurve().getField().getFieldSize())
        .isEqualTo(256);
    assertThat(certificate.fingerprint().matches(certificate.der())).isTrue();
    assertThat(certificate.fingerprint())
        .isNotEqualTo(DtlsCertificate.generate(new SecureRandom(), now).fingerprint());
  }
}
