package io.peervoice.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;

/**
 * {@code peervoice doctor --ca-file}: the CA certificates (PEM) TLS servers are checked against
 * instead of the JDK's trust store (as {@code curl --cacert} does), e.g. a private CA of a {@code
 * turns:} server or of a node's certificate.
 */
final class DoctorTrust {
  private DoctorTrust() {}

  /** The certificates of {@code pem} as a trust store; null when {@code pem} is null. */
  static KeyStore store(Path pem) {
    if (pem == null) {
      return null;
    }
    try {
      if (Files.size(pem) > io.peervoice.natives.PemFiles.MAX_BYTES) {
        throw CliException.badInvocation(
            "--ca-file " + pem + " is over " + io.peervoice.natives.PemFiles.MAX_BYTES + " bytes");
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate c : io.peervoice.natives.PemFiles.certificates(Files.readAllBytes(pem))) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw CliException.badInvocation(
          "--ca-file " + pem + " cannot be read as PEM certificates: " + e.getMessage());
    }
  }
}
