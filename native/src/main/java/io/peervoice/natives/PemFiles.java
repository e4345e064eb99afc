package io.peervoice.natives;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the PEM files a node's {@code --tls-cert}/{@code --tls-key} and {@code doctor --ca-file}
 * name (<a href="https://www.rfc-editor.org/rfc/rfc7468">RFC 7468</a>): X.509 certificates, and a
 * PKCS#8 private key. Bytes from a file are hostile until parsed: every failure is an {@link
 * IOException} with a one-line reason, never another exception. Thread-safe.
 */
public final class PemFiles {
  /** The most bytes read from one PEM file (a chain of a few certificates, or one key). */
  public static final int MAX_BYTES = 1 << 20;

  /** The most certificates taken from one file. */
  public static final int MAX_CERTIFICATES = 64;

  private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String KEY_END = "-----END PRIVATE KEY-----";

  private PemFiles() {}

  /** The X.509 certificates of {@code pem}, in order; at least one. */
  public static List<X509Certificate> certificates(byte[] pem) throws IOException {
    checkSize(pem);
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem))) {
        if (!(c instanceof X509Certificate x)) {
          throw new IOException("not an X.509 certificate");
        }
        if (out.size() == MAX_CERTIFICATES) {
          throw new IOException("more than " + MAX_CERTIFICATES + " certificates");
        }
        out.add(x);
      }
      if (out.isEmpty()) {
        throw new IOException("it holds no certificate");
      }
      return List.copyOf(out);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException("not PEM certificates: " + oneLine(e), e);
    }
  }

  /** The PKCS#8 private key (RSA, EC or Ed25519) of {@code pem}'s first PRIVATE KEY block. */
  public static PrivateKey privateKey(byte[] pem) throws IOException {
    checkSize(pem);
    String text = new String(pem, StandardCharsets.US_ASCII);
    int begin = text.indexOf(KEY_BEGIN);
    int end = begin < 0 ? -1 : text.indexOf(KEY_END, begin);
    if (begin < 0 || end < 0) {
      throw new IOException("it holds no PEM 'PRIVATE KEY' (PKCS#8)");
    }
    byte[] der;
    try {
      der =
          Base64.getMimeDecoder()
              .decode(text.substring(begin + KEY_BEGIN.length(), end).replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new IOException("its PRIVATE KEY is not base64: " + oneLine(e), e);
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException | RuntimeException e) {
        // try the next algorithm
      }
    }
    throw new IOException("its key is not RSA, EC or Ed25519");
  }

  private static void checkSize(byte[] pem) throws IOException {
    if (pem.length > MAX_BYTES) {
      throw new IOException("over " + MAX_BYTES + " bytes");
    }
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("");
  }
}
