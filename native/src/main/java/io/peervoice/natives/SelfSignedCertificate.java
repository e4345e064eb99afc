package io.peervoice.natives;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A self-signed X.509 v3 certificate (<a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.1">
 * RFC 5280, section 4.1</a>) for an Ed25519 key pair (<a
 * href="https://www.rfc-editor.org/rfc/rfc8410#section-3">RFC 8410</a>), DER-encoded by hand (the
 * JDK has no public certificate builder). A rendezvous node makes one for its own node key, so the
 * certificate's key is the key its node id is derived from.
 */
final class SelfSignedCertificate {
  private static final byte[] ED25519_ALGORITHM = {0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70};
  private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter GENERALIZED_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private SelfSignedCertificate() {}

  /**
   * Signs a certificate for {@code keys} (Ed25519) naming {@code commonName} as subject and issuer,
   * valid from {@code notBefore} to {@code notAfter}.
   */
  static X509Certificate create(
      KeyPair keys, String commonName, Instant notBefore, Instant notAfter, long serial)
      throws GeneralSecurityException {
    byte[] name = sequence(set(sequence(COMMON_NAME, tlv(0x0C, utf8(commonName)))));
    byte[] tbs =
        sequence(
            tlv(0xA0, tlv(0x02, new byte[] {2})),
            tlv(0x02, BigInteger.valueOf(serial).abs().add(BigInteger.ONE).toByteArray()),
            ED25519_ALGORITHM,
            name,
            sequence(time(notBefore), time(notAfter)),
            name,
            keys.getPublic().getEncoded());
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(keys.getPrivate());
    signer.update(tbs);
    byte[] signature = signer.sign();
    byte[] bits = new byte[signature.length + 1]; // no unused bits
    System.arraycopy(signature, 0, bits, 1, signature.length);
    byte[] der = sequence(tbs, ED25519_ALGORITHM, tlv(0x03, bits));
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** RFC 5280, 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
  private static byte[] time(Instant t) {
    boolean utc = t.atZone(ZoneOffset.UTC).getYear() < 2050;
    return tlv(utc ? 0x17 : 0x18, utf8((utc ? UTC_TIME : GENERALIZED_TIME).format(t)));
  }

  private static byte[] sequence(byte[]... parts) {
    return tlv(0x30, concat(parts));
  }

  private static byte[] set(byte[]... parts) {
    return tlv(0x31, concat(parts));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
    out.write(tag);
    int n = value.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
