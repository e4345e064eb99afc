package io.peervoice.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The lab's long-lived test CA and its server certificate for {@code localhost}, {@code 127.0.0.1}
 * and {@code ::1} (see {@code tls/README.md} beside this class for how they were made). For tests
 * only.
 */
public final class TestCa {
  private static final String DIR = "tls/";
  private static final char[] PASSWORD = "peervoice".toCharArray();

  private TestCa() {}

  /** A client context trusting only the test CA. */
  public static SSLContext clientContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("peervoice-test-ca", caCertificate());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the test CA client context", e);
    }
  }

  /** A server context presenting the test server certificate. */
  public static SSLContext serverContext() {
    try (InputStream in = open("server.p12")) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, PASSWORD);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the test server context", e);
    }
  }

  /** The CA certificate. */
  public static Certificate caCertificate() {
    try (InputStream in = open("ca.pem")) {
      return CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot read the test CA", e);
    }
  }

  /**
   * Writes {@code ca.pem}, {@code server.pem} and {@code server.key} into {@code dir} (for servers
   * run as processes, e.g. coturn) and returns {@code dir}.
   */
  public static Path writePemFiles(Path dir) {
    try {
      Files.createDirectories(dir);
      for (String name : new String[] {"ca.pem", "server.pem", "server.key"}) {
        try (InputStream in = open(name)) {
          Files.write(dir.resolve(name), in.readAllBytes());
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String name) throws IOException {
    InputStream in = TestCa.class.getResourceAsStream(DIR + name);
    if (in == null) {
      throw new IOException("test CA resource missing: " + DIR + name);
    }
    return in;
  }
}
