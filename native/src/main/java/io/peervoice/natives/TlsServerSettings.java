package io.peervoice.natives;

import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

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

  /**
   * A server-side TLS handler (TLS 1.3 and 1.2) whose handshake must end within {@code timeout}.
   */
  SslHandler serverHandler(Duration timeout) {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    engine.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    SslHandler ssl = new SslHandler(engine);
    ssl.setHandshakeTimeoutMillis(timeout.toMillis());
    return ssl;
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
    List<X509Certificate> chain;
    PrivateKey key;
    try {
      chain = PemFiles.certificates(read(certificateFile));
    } catch (IOException e) {
      throw new IOException("cannot use " + certificateFile + ": " + e.getMessage(), e);
    }
    try {
      key = PemFiles.privateKey(read(keyFile));
    } catch (IOException e) {
      throw new IOException("cannot use " + keyFile + ": " + e.getMessage(), e);
    }
    try {
      return of(key, chain);
    } catch (GeneralSecurityException | RuntimeException e) {
      String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new IOException("cannot use " + certificateFile + " / " + keyFile + ": " + m, e);
    }
  }

  private static byte[] read(Path file) throws IOException {
    if (Files.size(file) > PemFiles.MAX_BYTES) {
      throw new IOException("over " + PemFiles.MAX_BYTES + " bytes");
    }
    return Files.readAllBytes(file);
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
