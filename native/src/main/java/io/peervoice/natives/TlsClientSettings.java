package io.peervoice.natives;

import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * TLS for a client {@link StreamConnection}: TLS 1.2 or 1.3 through the JDK's provider.
 *
 * @param context the JDK context; its trust managers check the server's chain (a custom trust store
 *     goes here)
 * @param serverName the host name sent as SNI and checked against the certificate (RFC 6125, as
 *     HTTPS does); null: no host name check, e.g. when {@code peerCheck} pins the certificate
 * @param peerCheck run on the verified chain (leaf first) after the handshake; false fails the
 *     connection. Null: accept any chain the trust managers accepted
 */
public record TlsClientSettings(
    SSLContext context, String serverName, Predicate<X509Certificate[]> peerCheck) {

  /** The protocols offered: TLS 1.3 and 1.2 (older ones are refused). */
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  public TlsClientSettings {
    Objects.requireNonNull(context, "context");
  }

  /** The JDK's default trust store (cacerts), checking that the certificate names {@code host}. */
  public static TlsClientSettings jdkDefault(String host) {
    Objects.requireNonNull(host, "host");
    try {
      return new TlsClientSettings(SSLContext.getDefault(), host, null);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no default TLS context", e);
    }
  }
}
