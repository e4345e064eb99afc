package io.peervoice.signaling;

import io.peervoice.natives.TlsServerSettings;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * A node's TLS server settings: the certificate and key files it was given, or else a self-signed
 * certificate on its signing key, valid a year, that peers pin by the node id ({@code
 * docs/protocol.md}).
 */
final class NodeTls {
  private NodeTls() {}

  static TlsServerSettings settings(RendezvousNodeConfig config, PeerId node) throws IOException {
    if (config.tlsCertificate().isPresent()) {
      return TlsServerSettings.fromPem(config.tlsCertificate().get(), config.tlsKey().get());
    }
    try {
      return TlsServerSettings.selfSigned(
          config.identity().signingKeys(), "peervoice node " + node, Duration.ofDays(365));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make the node's TLS certificate: " + e, e);
    }
  }
}
