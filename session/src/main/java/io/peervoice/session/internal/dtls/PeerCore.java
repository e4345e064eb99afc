package io.peervoice.session.internal.dtls;

import io.peervoice.media.srtp.SrtpKeys;
import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.session.dtls.CertificateFingerprint;
import java.io.IOException;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * What the DTLS client and server have in common: our credentials, the check of the peer's
 * certificate against the signed fingerprint (RFC 8122 §5; the handshake fails before any key is
 * derived if it does not match), and the keys from the exporter once the handshake is complete.
 */
final class PeerCore {
  /**
   * ECDHE with our ECDSA certificate; AEAD first (RFC 8827 §6.5 requires ECDHE and ECDSA P-256).
   */
  private static final int[] CIPHER_SUITES = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
  };

  static final SignatureAndHashAlgorithm ECDSA_SHA256 =
      new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

  /** Certificates in a peer's chain at most (a WebRTC peer sends one). */
  static final int MAX_CHAIN = 4;

  /** A handshake message's size at most (a certificate message of a few hundred bytes here). */
  static final int MAX_MESSAGE = 16_384;

  private final DtlsSettings settings;
  private final BcTlsCrypto crypto;
  private volatile CertificateFingerprint mismatch;
  private volatile boolean verified;
  private volatile SrtpKeys keys;

  PeerCore(DtlsSettings settings, BcTlsCrypto crypto) {
    this.settings = settings;
    this.crypto = crypto;
  }

  DtlsSettings settings() {
    return settings;
  }

  int[] cipherSuites() {
    return TlsUtils.getSupportedCipherSuites(crypto, CIPHER_SUITES);
  }

  TlsCredentialedSigner credentials(TlsContext context) throws IOException {
    TlsCertificate ours = crypto.createCertificate(settings.certificate().der());
    return new BcDefaultTlsCredentialedSigner(
        new TlsCryptoParameters(context),
        crypto,
        settings.certificate().privateKey(),
        new Certificate(new TlsCertificate[] {ours}),
        ECDSA_SHA256);
  }

  /** Checks the peer's certificate chain against the expected fingerprint. */
  void checkPeer(Certificate chain) throws IOException {
    if (chain == null || chain.isEmpty()) {
      throw new TlsFatalAlert(AlertDescription.handshake_failure, "the peer sent no certificate");
    }
    byte[] der = chain.getCertificateAt(0).getEncoded();
    if (!settings.expected().matches(der)) {
      mismatch = CertificateFingerprint.of(der);
      throw new TlsFatalAlert(AlertDescription.bad_certificate, "certificate fingerprint mismatch");
    }
    verified = true;
  }

  /** The fingerprint the peer's certificate had when it did not match, or null. */
  CertificateFingerprint mismatch() {
    return mismatch;
  }

  /** The handshake completed: the keys of {@code profile} from the exporter (RFC 5764 §4.2). */
  void exportKeys(TlsContext context, SrtpProfile profile, boolean client) throws IOException {
    if (!verified || profile == null) {
      throw new TlsFatalAlert(
          AlertDescription.internal_error, "handshake complete without a verified peer or profile");
    }
    byte[] material =
        context.exportKeyingMaterial(SrtpExport.LABEL, null, SrtpExport.length(profile));
    keys = SrtpExport.split(material, profile, client);
    java.util.Arrays.fill(material, (byte) 0);
  }

  SrtpKeys keys() {
    return keys;
  }

  /** Signature algorithms we take a client certificate with (TLS 1.2 CertificateRequest). */
  static Vector<SignatureAndHashAlgorithm> clientSignatureAlgorithms() {
    Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
    algorithms.add(ECDSA_SHA256);
    algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa));
    algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
    return algorithms;
  }
}
