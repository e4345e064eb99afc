package io.peervoice.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** {@link TlsWarmUp}: a whole handshake in memory, as a node-pinning client would make one. */
class TlsWarmUpTest {

  @Test
  void aPinningClientCompletesTls13WithTheThrowawayServer() throws Exception {
    RecordingTrust trust = new RecordingTrust();
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trust}, null);

    String protocol = TlsWarmUp.handshake(new TlsClientSettings(context, null, null));

    assertThat(protocol).isEqualTo("TLSv1.3");
    // the client really checked a server certificate: the Ed25519 one made for the warm-up
    assertThat(trust.seen).isNotNull();
    assertThat(trust.seen[0].getPublicKey().getAlgorithm()).isIn("EdDSA", "Ed25519");
  }

  @Test
  void aWarmUpToldToGiveWayBeforeItsServerIsMadeStopsThere() throws Exception {
    RecordingTrust trust = new RecordingTrust();
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trust}, null);

    assertThat(TlsWarmUp.handshake(new TlsClientSettings(context, null, null), () -> true))
        .isNull();
    assertThat(trust.seen).isNull(); // no server certificate made, none checked
  }

  @Test
  void aWarmUpToldToGiveWayMidHandshakeStopsBeforeTheServerCertificateIsChecked() throws Exception {
    RecordingTrust trust = new RecordingTrust();
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trust}, null);
    AtomicInteger checks = new AtomicInteger();

    // the server is made and the first engine step taken (the ClientHello), then a real dial
    // begins: the steps that would carry the certificate and finish the handshake are not taken
    String protocol =
        TlsWarmUp.handshake(
            new TlsClientSettings(context, null, null), () -> checks.incrementAndGet() > 2);

    assertThat(protocol).isNull();
    assertThat(checks).hasValue(3);
    assertThat(trust.seen).isNull();
  }

  @Test
  void aCaCheckingClientRefusesTheSelfSignedCertificate() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, null, null); // the JDK's CAs: the throwaway certificate is not trusted

    assertThatThrownBy(() -> TlsWarmUp.handshake(new TlsClientSettings(context, null, null)))
        .isInstanceOf(SSLException.class);
  }

  /** Accepts any server chain and keeps the last one. */
  private static final class RecordingTrust implements X509TrustManager {
    volatile X509Certificate[] seen;

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      seen = chain;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
