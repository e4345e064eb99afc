package io.peervoice.session.internal.dtls;

import io.peervoice.media.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS 1.2 client of a DTLS-SRTP association ({@code a=setup:active}): offers our SRTP profiles
 * in {@code use_srtp} (RFC 5764 §4.1.1), sends our certificate when asked, checks the server's.
 */
final class DtlsClientPeer extends DefaultTlsClient {
  private final PeerCore core;
  private volatile SrtpProfile chosen;

  DtlsClientPeer(BcTlsCrypto crypto, PeerCore core) {
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
  public Hashtable<?, ?> getClientExtensions() throws IOException {
    @SuppressWarnings("unchecked")
    Hashtable<Object, Object> extensions =
        (Hashtable<Object, Object>)
            org.bouncycastle.tls.TlsExtensionsUtils.ensureExtensionsInitialised(
                super.getClientExtensions());
    int[] codes = core.settings().profiles().stream().mapToInt(SrtpExport::code).toArray();
    TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(codes, TlsUtils.EMPTY_BYTES));
    return extensions;
  }

  @Override
  public void processServerExtensions(Hashtable serverExtensions) throws IOException {
    super.processServerExtensions(serverExtensions);
    UseSRTPData srtp =
        serverExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
    if (srtp == null) {
      throw new TlsFatalAlert(AlertDescription.handshake_failure, "the server sent no use_srtp");
    }
    int[] codes = srtp.getProtectionProfiles();
    SrtpProfile profile = codes.length == 1 ? SrtpExport.profile(codes[0]) : null;
    if (profile == null
        || !core.settings().profiles().contains(profile)
        || srtp.getMki().length != 0) {
      throw new TlsFatalAlert(
          AlertDescription.illegal_parameter, "the server chose an SRTP profile we did not offer");
    }
    chosen = profile;
  }

  @Override
  public TlsAuthentication getAuthentication() {
    return new TlsAuthentication() {
      @Override
      public void notifyServerCertificate(TlsServerCertificate serverCertificate)
          throws IOException {
        core.checkPeer(serverCertificate.getCertificate());
      }

      @Override
      public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
        return core.credentials(context);
      }
    };
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    core.exportKeys(context, chosen, true);
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
