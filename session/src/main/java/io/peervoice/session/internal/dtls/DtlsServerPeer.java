package io.peervoice.session.internal.dtls;

import io.peervoice.media.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS 1.2 server of a DTLS-SRTP association ({@code a=setup:passive}): demands the client's
 * certificate (both ends are authenticated by fingerprint, RFC 5763 §5), picks the first of our
 * SRTP profiles the client offered (RFC 5764 §4.1.1) and answers it in {@code use_srtp}.
 */
final class DtlsServerPeer extends DefaultTlsServer {
  private final PeerCore core;
  private volatile SrtpProfile chosen;

  DtlsServerPeer(BcTlsCrypto crypto, PeerCore core) {
    super(crypto);
    this.core = core;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return core.cipherSuites();
  }

  @Override
  protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
    return core.credentials(context);
  }

  @Override
  public CertificateRequest getCertificateRequest() {
    return new CertificateRequest(
        new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
        PeerCore.clientSignatureAlgorithms(),
        null);
  }

  @Override
  public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
    core.checkPeer(clientCertificate);
  }

  @Override
  public void processClientExtensions(Hashtable clientExtensions) throws IOException {
    super.processClientExtensions(clientExtensions);
    UseSRTPData offered =
        clientExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
    if (offered == null) {
      throw new TlsFatalAlert(AlertDescription.handshake_failure, "the client sent no use_srtp");
    }
    for (SrtpProfile ours : core.settings().profiles()) {
      int code = SrtpExport.code(ours);
      for (int theirs : offered.getProtectionProfiles()) {
        if (theirs == code) {
          chosen = ours;
          return;
        }
      }
    }
    throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP profile");
  }

  @Override
  public Hashtable<?, ?> getServerExtensions() throws IOException {
    @SuppressWarnings("unchecked")
    Hashtable<Object, Object> extensions =
        (Hashtable<Object, Object>)
            TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
    TlsSRTPUtils.addUseSRTPExtension(
        extensions, new UseSRTPData(new int[] {SrtpExport.code(chosen)}, TlsUtils.EMPTY_BYTES));
    return extensions;
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    core.exportKeys(context, chosen, false);
  }

  @Override
  public int getHandshakeTimeoutMillis() {
    return core.settings().timeoutMillis();
  }

  @Override
  public int getHandshakeResendTimeMillis() {
    return core.settings().resendMillis();
  }

  @Override
  public int getMaxCertificateChainLength() {
    return PeerCore.MAX_CHAIN;
  }

  @Override
  public int getMaxHandshakeMessageSize() {
    return PeerCore.MAX_MESSAGE;
  }

  @Override
  public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
    DtlsLog.raised(level, description, message);
  }

  @Override
  public void notifyAlertReceived(short level, short description) {
    DtlsLog.received(level, description);
  }
}
