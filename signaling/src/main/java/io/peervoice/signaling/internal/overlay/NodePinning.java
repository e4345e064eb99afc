package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Checks a node's self-signed TLS certificate by its node id. A node's certificate is made for the
 * node's own Ed25519 key (<a href="https://www.rfc-editor.org/rfc/rfc8410">RFC 8410</a>), and TLS
 * 1.3's CertificateVerify (<a href="https://www.rfc-editor.org/rfc/rfc8446#section-4.4.3">RFC 8446,
 * section 4.4.3</a>) proves the server holds that key; the node id is derived from the key ({@link
 * PeerId#of}). So no certificate authority is needed: the chain is accepted by the trust manager,
 * and the leaf's key must be Ed25519 and, if the node id is known, give that id.
 */
public final class NodePinning {
  private NodePinning() {}

  /**
   * An SSL context that leaves the whole check to {@link #check} (no CA, no host name); one shared
   * context (it is thread-safe), so only the first dial pays for setting it up.
   */
  public static SSLContext context() {
    return Shared.CONTEXT;
  }

  /** Made on first use. */
  private static final class Shared {
    static final SSLContext CONTEXT = make();
  }

  private static SSLContext make() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AcceptChain()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no TLS", e);
    }
  }

  /**
   * The check of a node's chain: an Ed25519 leaf whose key gives {@code expected} (if not null).
   */
  public static Predicate<X509Certificate[]> check(PeerId expected) {
    return chain -> {
      PeerId id = nodeId(chain);
      return id != null && (expected == null || expected.equals(id));
    };
  }

  /** The node id a chain's leaf key gives, or null if the leaf is not an Ed25519 key. */
  public static PeerId nodeId(X509Certificate[] chain) {
    if (chain == null || chain.length == 0) {
      return null;
    }
    java.security.PublicKey key = chain[0].getPublicKey();
    if (!"EdDSA".equals(key.getAlgorithm()) && !"Ed25519".equals(key.getAlgorithm())) {
      return null;
    }
    byte[] spki = key.getEncoded(); // RFC 8410, section 4: a 12-byte header, then the raw key
    if (spki == null || spki.length != 44) {
      return null;
    }
    return PeerId.of(java.util.Arrays.copyOfRange(spki, 12, 44));
  }

  /** Accepts any chain: {@link #check} runs on it after the handshake. */
  private static final class AcceptChain implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // pinned by node id afterwards
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
