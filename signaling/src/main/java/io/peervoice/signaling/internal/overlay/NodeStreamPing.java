package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.PeerId;
import io.peervoice.signaling.internal.wire.Msg;
import io.peervoice.signaling.internal.wire.WireCodec;
import io.peervoice.signaling.internal.wire.WireException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * {@link NodePing} over a node's TCP or TLS port ({@code docs/protocol.md}, "Streams"): connect,
 * for TLS the handshake, then a PING with a nonce (a stream's handshake proves the address, so no
 * cookie round trip), whose PONG proves the node's id. A TLS node presents either a self-signed
 * Ed25519 certificate for its node key, which must give the id the PONG proves ({@link
 * NodePinning}), or a certificate the JDK's trust store ({@code javax.net.ssl.trustStore}) accepts
 * for the address asked. A blocking socket: for {@code peervoice doctor}.
 */
public final class NodeStreamPing {
  private static final WireCodec CODEC = new WireCodec();

  /**
   * The outcome; {@code step} names the first step that failed ({@code connect}, {@code TLS
   * handshake}, {@code PING}, {@code node id proof}, {@code certificate}), or is null; {@code why}
   * says how it failed, for a person.
   */
  public record Outcome(
      String step,
      String why,
      long connectMicros,
      long roundTripMicros,
      PeerId nodeId,
      String tlsProtocol,
      boolean selfSigned) {
    static Outcome failed(String step, String why, long connectMicros) {
      return new Outcome(step, why, connectMicros, -1, null, null, false);
    }
  }

  private NodeStreamPing() {}

  /**
   * @param trust the CA certificates a CA-signed node certificate must chain to; null for the JDK's
   *     trust store
   */
  public static Outcome run(
      InetSocketAddress node, boolean tls, KeyStore trust0, int waitMillis, SecureRandom random) {
    long start = System.nanoTime();
    try (Socket plain = new Socket()) {
      try {
        plain.connect(node, waitMillis);
      } catch (ConnectException e) {
        return Outcome.failed("connect", "refused", -1);
      } catch (SocketTimeoutException e) {
        return Outcome.failed("connect", "no answer within " + waitMillis + " ms", -1);
      }
      plain.setTcpNoDelay(true);
      plain.setSoTimeout(waitMillis);
      long connected = (System.nanoTime() - start) / 1_000;
      Socket s = plain;
      Checked trust = null;
      KeyStore trustStore = trust0;
      if (tls) {
        trust = new Checked(trustStore);
        try {
          SSLSocket ssl = handshake(plain, node, trust);
          s = ssl;
        } catch (IOException e) {
          String why = trust.refused != null ? trust.refused : e.getMessage();
          return Outcome.failed(
              trust.refused != null ? "certificate" : "TLS handshake", why, connected);
        }
      }
      byte[] nonce = new byte[16];
      random.nextBytes(nonce);
      long sent = System.nanoTime();
      Msg reply = ask(s, new Msg.Ping(3, nonce, new byte[0]));
      long micros = (System.nanoTime() - sent) / 1_000;
      if (!(reply instanceof Msg.Pong)) {
        return Outcome.failed("PING", "no PONG within " + waitMillis + " ms", connected);
      }
      PeerId id = NodeVerifier.provenBy(reply, nonce);
      if (id == null) {
        return Outcome.failed(
            "node id proof", "the PONG's signature does not prove an id", connected);
      }
      String protocol = tls ? ((SSLSocket) s).getSession().getProtocol() : null;
      if (tls && trust.pinned != null && !trust.pinned.equals(id)) {
        return Outcome.failed(
            "certificate",
            "its self-signed certificate is for node " + trust.pinned + ", not " + id,
            connected);
      }
      return new Outcome(null, null, connected, micros, id, protocol, tls && trust.pinned != null);
    } catch (IOException e) {
      return Outcome.failed("connect", String.valueOf(e.getMessage()), -1);
    }
  }

  private static SSLSocket handshake(Socket plain, InetSocketAddress node, Checked trust)
      throws IOException {
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
    } catch (GeneralSecurityException e) {
      throw new IOException("the JDK has no TLS", e);
    }
    // the host name the node was given by (SNI, and what a CA-signed certificate must name); an
    // IP literal when it was given by address
    String host = node.getHostString();
    SSLSocket ssl =
        (SSLSocket) context.getSocketFactory().createSocket(plain, host, node.getPort(), true);
    SSLParameters params = ssl.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    ssl.setSSLParameters(params);
    ssl.startHandshake();
    return ssl;
  }

  private static Msg ask(Socket s, Msg request) throws IOException {
    byte[] frame = NodeStreams.frame(CODEC.encode(request));
    OutputStream out = s.getOutputStream();
    out.write(frame);
    out.flush();
    DataInputStream in = new DataInputStream(s.getInputStream());
    try {
      while (true) {
        int length = in.readUnsignedShort();
        byte[] message = new byte[length];
        in.readFully(message);
        try {
          Msg m = CODEC.decode(message);
          if (m instanceof Msg.Pong) {
            return m;
          }
        } catch (WireException e) {
          return null;
        }
      }
    } catch (SocketTimeoutException | java.io.EOFException | SSLException e) {
      return null;
    }
  }

  /**
   * Accepts a self-signed Ed25519 leaf (a node's own key: pinned by the id its PONG proves) and
   * otherwise what the JDK's default trust managers accept, host name included.
   */
  private static final class Checked extends X509ExtendedTrustManager {
    private final KeyStore store;
    PeerId pinned;
    String refused;

    Checked(KeyStore store) {
      this.store = store;
    }

    private X509ExtendedTrustManager jdk() throws CertificateException {
      try {
        TrustManagerFactory f =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (TrustManager m : f.getTrustManagers()) {
          if (m instanceof X509ExtendedTrustManager x) {
            return x;
          }
        }
      } catch (GeneralSecurityException e) {
        throw new CertificateException("no trust store: " + e.getMessage(), e);
      }
      throw new CertificateException("the JDK has no X.509 trust manager");
    }

    private boolean pin(X509Certificate[] chain) {
      pinned = NodePinning.nodeId(chain);
      return pinned != null;
    }

    private CertificateException refuse(CertificateException e) {
      refused = "certificate not trusted: " + e.getMessage();
      return e;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      if (!pin(chain)) {
        try {
          jdk().checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
          throw refuse(e);
        }
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      if (!pin(chain)) {
        try {
          jdk().checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
          throw refuse(e);
        }
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      if (!pin(chain)) {
        try {
          jdk().checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
          throw refuse(e);
        }
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
