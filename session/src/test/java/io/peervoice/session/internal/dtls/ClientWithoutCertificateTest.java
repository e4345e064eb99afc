package io.peervoice.session.internal.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.session.dtls.CertificateFingerprint;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;

/**
 * A DTLS client that presents no certificate when our server asks for one (RFC 5763 §5: both ends
 * are authenticated by fingerprint) is refused before any key is derived.
 */
class ClientWithoutCertificateTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void aClientPresentingNoCertificateIsRefusedByTheServer() throws Exception {
    SelfSignedCertificate ours =
        SelfSignedCertificate.generate(RANDOM, Instant.now(), Duration.ofDays(1));
    SelfSignedCertificate theirs =
        SelfSignedCertificate.generate(RANDOM, Instant.now(), Duration.ofDays(1));
    BlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
    Wire fromServer = new Wire();
    fromServer.to(toClient::add);
    AtomicReference<String> ended = new AtomicReference<>();
    DtlsAssociation server = new DtlsAssociation(fromServer, ended::set);
    CompletableFuture<Void> client =
        CompletableFuture.runAsync(
            () -> {
              try {
                new DTLSClientProtocol()
                    .connect(new NoCertificateClient(), new Transport(toClient, server));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });

    assertThatThrownBy(
            () ->
                server.handshake(
                    new DtlsSettings(
                        ours,
                        CertificateFingerprint.of(theirs.der()),
                        List.of(SrtpProfile.AEAD_AES_128_GCM),
                        50,
                        5_000),
                    false,
                    RANDOM))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the peer sent no certificate");
    assertThatThrownBy(() -> client.get(5, TimeUnit.SECONDS))
        .hasMessageContaining("handshake_failure");
    assertThat(ended.get()).contains("the peer sent no certificate");
  }

  /** What our server's peer sends go to the association; what it sends comes from a queue. */
  private record Transport(BlockingQueue<byte[]> in, DtlsAssociation server)
      implements DatagramTransport {
    @Override
    public int getReceiveLimit() {
      return 1500;
    }

    @Override
    public int getSendLimit() {
      return 1400;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
      try {
        byte[] d = in.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (d == null) {
          return -1;
        }
        int n = Math.min(len, d.length);
        System.arraycopy(d, 0, buf, off, n);
        return n;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    @Override
    public void send(byte[] buf, int off, int len) {
      server.onDatagram(buf, off, len);
    }

    @Override
    public void close() {}
  }

  /** A DTLS-SRTP client that answers a CertificateRequest with no certificate. */
  private static final class NoCertificateClient extends DefaultTlsClient {
    NoCertificateClient() {
      super(new BcTlsCrypto(RANDOM));
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
      return ProtocolVersion.DTLSv12.only();
    }

    @Override
    public Hashtable<?, ?> getClientExtensions() throws IOException {
      @SuppressWarnings("unchecked")
      Hashtable<Object, Object> extensions =
          (Hashtable<Object, Object>)
              TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
      TlsSRTPUtils.addUseSRTPExtension(
          extensions,
          new UseSRTPData(
              new int[] {SrtpExport.code(SrtpProfile.AEAD_AES_128_GCM)}, TlsUtils.EMPTY_BYTES));
      return extensions;
    }

    @Override
    public TlsAuthentication getAuthentication() {
      return new TlsAuthentication() {
        @Override
        public void notifyServerCertificate(TlsServerCertificate serverCertificate) {}

        @Override
        public TlsCredentials getClientCredentials(CertificateRequest certificateRequest) {
          return null;
        }
      };
    }
  }
}
