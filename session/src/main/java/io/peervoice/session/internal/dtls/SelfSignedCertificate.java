package io.peervoice.session.internal.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * A fresh self-signed ECDSA P-256 certificate with SHA-256 (what WebRTC endpoints use, RFC 8827
 * §6.5): only its fingerprint matters (RFC 8122), so the validity is short and the name is the one
 * Chromium gives its own certificates ({@value #SUBJECT}): DTLS 1.2 sends certificates in clear,
 * and a name of our own would tell an observer the endpoint is PeerVoice. The private key stays in
 * this package (no Bouncy Castle type in a public signature).
 */
public final class SelfSignedCertificate {
  /** The subject and issuer of every certificate made here, as Chromium names its own. */
  public static final String SUBJECT = "CN=WebRTC";

  private final AsymmetricKeyParameter privateKey;
  private final byte[] der;

  private SelfSignedCertificate(AsymmetricKeyParameter privateKey, byte[] der) {
    this.privateKey = privateKey;
    this.der = der;
  }

  /** Makes a key pair and a certificate valid from a day before {@code now} for {@code life}. */
  public static SelfSignedCertificate generate(SecureRandom random, Instant now, Duration life) {
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(
        new ECKeyGenerationParameters(
            new ECNamedDomainParameters(
                SECObjectIdentifiers.secp256r1, ECNamedCurveTable.getByName("secp256r1")),
            random));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    try {
      AlgorithmIdentifier ecdsaSha256 =
          new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
      X500Name name = new X500Name(SUBJECT);
      V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
      tbs.setSerialNumber(new ASN1Integer(new BigInteger(64, random).add(BigInteger.ONE)));
      tbs.setSignature(ecdsaSha256);
      tbs.setIssuer(name);
      tbs.setSubject(name);
      tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofDays(1)))));
      tbs.setEndDate(new Time(Date.from(now.plus(life))));
      tbs.setSubjectPublicKeyInfo(
          SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()));
      TBSCertificate certificate = tbs.generateTBSCertificate();
      byte[] toSign = certificate.getEncoded(ASN1Encoding.DER);
      DSADigestSigner signer =
          new DSADigestSigner(
              new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest())), new SHA256Digest());
      signer.init(true, pair.getPrivate());
      signer.update(toSign, 0, toSign.length);
      ASN1EncodableVector whole = new ASN1EncodableVector();
      whole.add(certificate);
      whole.add(ecdsaSha256);
      whole.add(new DERBitString(signer.generateSignature()));
      byte[] der = Certificate.getInstance(new DERSequence(whole)).getEncoded(ASN1Encoding.DER);
      return new SelfSignedCertificate(pair.getPrivate(), der);
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode a self-signed certificate", e);
    }
  }

  /** The certificate, DER-encoded. */
  public byte[] der() {
    return der.clone();
  }

  /** The P-256 private key, for this package's DTLS peers only. */
  AsymmetricKeyParameter privateKey() {
    return privateKey;
  }
}
