package io.peervoice.natives;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * TLS for a {@link StreamServer}: the JDK's SSLEngine (TLS 1.3 and 1.2, <a
 * href="https://www.rfc-editor.org/rfc/rfc8446">RFC 8446</a>) with one certificate chain and key.
 * Made by {@link #selfSigned} or {@link #fromPem}.
 */
public final class TlsServerSettings {
  private static final char[] NO_PASSWORD = "peervoice".toCharArray();

  private final SSLContext context;
  private final List<X509Certificate> chain;

  private TlsServerSettings(SSLContext context, List<X509Certificate> chain) {
    this.context = Objects.requireNonNull(context, "context");
    this.chain = List.copyOf(chain);
    if (this.chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain is needed");
    }
  }

  /** The server's SSL context (the JDK's SSLEngine is made from it). */
  SSLContext context() {
    return context;
  }

  /** The certificate chain presented, leaf first. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /**
   * A self-signed certificate for an Ed25519 key pair (a node's own key: peers pin it by the node
   * id derived from that key), valid from a day ago for {@code validity}.
   */
  public static TlsServerSettings selfSigned(KeyPair ed25519, String commonName, Duration validity)
      throws GeneralSecurityException {
    Instant now = Instant.now();
    X509Certificate cert =
        SelfSignedCertificate.create(
            ed25519,
            commonName,
            now.minus(Duration.ofDays(1)),
            now.plus(validity),
            now.toEpochMilli());
    return of(ed25519.getPrivate(), List.of(cert));
  }

  /**
   * A certificate chain (PEM, leaf first) and its PKCS#8 private key (PEM {@code BEGIN PRIVATE
   * KEY}: RSA, EC or Ed25519), e.g. from a certificate authority.
   *
   * @throws IOException if a file cannot be read or holds no usable certificate or key
   */
  public static TlsServerSettings fromPem(Path certificateFile, Path keyFile) throws IOException {
    try {
      List<X509Certificate> chain;
      try (InputStream in = Files.newInputStream(certificateFile)) {
        chain =
            CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                .map(c -> (X509Certificate) c)
                .toList();
      }
      if (chain.isEmpty()) {
        throw new IOException("cannot use " + certificateFile + ": it holds no certificate");
      }
      return of(privateKey(keyFile), chain);
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      throw new IOException(
          "cannot use " + certificateFile + " / " + keyFile + ": " + oneLine(e.getMessage()), e);
    }
  }

  /** A message on one line (the JDK's parsers put causes on further lines). */
  private static String oneLine(String message) {
    return message == null
        ? "not a valid certificate and key"
        : message.lines().findFirst().orElse("");
  }

  private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IOException("cannot use " + file + ": it holds no PEM 'PRIVATE KEY' (PKCS#8)");
    }
    byte[] der =
        Base64.getMimeDecoder().decode(pem.substring(begin + 27, end).replaceAll("\\s", ""));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IOException("cannot use " + file + ": its key is not RSA, EC or Ed25519");
  }

  private static TlsServerSettings of(PrivateKey key, List<X509Certificate> chain)
      throws GeneralSecurityException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
      KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
      keys.init(store, NO_PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return new TlsServerSettings(context, chain);
    } catch (IOException e) {
      throw new GeneralSecurityException("in-memory key store: " + e, e);
    }
  }
}
