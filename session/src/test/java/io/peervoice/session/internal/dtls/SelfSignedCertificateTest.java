package io.peervoice.session.internal.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The certificate names no product: DTLS 1.2 sends it in clear. */
class SelfSignedCertificateTest {

  @Test
  void subjectAndIssuerAreChromiumsWebRtcName() throws Exception {
    SelfSignedCertificate made =
        SelfSignedCertificate.generate(new SecureRandom(), Instant.now(), Duration.ofDays(1));
    X509Certificate parsed =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(made.der()));
    assertThat(parsed.getSubjectX500Principal().getName()).isEqualTo("CN=WebRTC");
    assertThat(parsed.getIssuerX500Principal().getName()).isEqualTo("CN=WebRTC");
    parsed.verify(parsed.getPublicKey()); // self-signed, with its own key
  }
}
