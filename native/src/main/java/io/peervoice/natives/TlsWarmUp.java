package io.peervoice.natives;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Readies the JDK's TLS stack for a client's first real handshake: one whole handshake between a
 * client engine of the given settings and a throwaway server (a fresh Ed25519 key and self-signed
 * certificate, as a node's), in memory. In a fresh JVM the first handshake spends most of its time
 * loading and interpreting JSSE (key shares, the key schedule, certificate parsing, Ed25519
 * CertificateVerify, AES-GCM records): about 0.85 s of a TLS dial in the NAT lab. Done on a
 * background thread while UDP is still being tried, the real dial later finds that code loaded.
 * Nothing leaves the process.
 */
public final class TlsWarmUp {
  /** Engine steps before giving up (a handshake takes about a dozen). */
  private static final int MAX_STEPS = 200;

  private TlsWarmUp() {}

  /**
   * Runs one handshake in memory with {@code client}'s context (its trust managers must accept the
   * throwaway self-signed certificate, as a node-pinning context does; a CA-checking one fails at
   * the certificate, having loaded most of the stack by then).
   *
   * @return the protocol negotiated, e.g. {@code TLSv1.3}
   * @throws GeneralSecurityException if the throwaway server cannot be made
   * @throws SSLException if the handshake fails
   */
  public static String handshake(TlsClientSettings client)
      throws GeneralSecurityException, SSLException {
    return handshake(client, () -> false);
  }

  /**
   * As {@link #handshake(TlsClientSettings)}, giving way once {@code yield} says so (checked before
   * the throwaway server's key is made and before each engine step): a real handshake has begun,
   * which now loads whatever the warm-up has not, and the warm-up's remaining work (both sides' key
   * shares and signatures) would only take CPU from it on a starved machine.
   *
   * @return the protocol negotiated, or null if it gave way before the handshake finished
   */
  public static String handshake(TlsClientSettings client, BooleanSupplier yield)
      throws GeneralSecurityException, SSLException {
    SSLEngine c = client.context().createSSLEngine("warm-up.invalid", 443);
    c.setUseClientMode(true);
    c.setEnabledProtocols(TlsClientSettings.PROTOCOLS);
    if (yield.getAsBoolean()) {
      return null;
    }
    SSLEngine s = throwawayServer().createSSLEngine();
    s.setUseClientMode(false);
    s.setEnabledProtocols(TlsClientSettings.PROTOCOLS);
    int size = 4 * Math.max(c.getSession().getPacketBufferSize(), 1 << 14);
    ByteBuffer toServer = ByteBuffer.allocate(size);
    ByteBuffer toClient = ByteBuffer.allocate(size);
    ByteBuffer app = ByteBuffer.allocate(size);
    c.beginHandshake();
    s.beginHandshake();
    for (int i = 0; i < MAX_STEPS; i++) {
      if (yield.getAsBoolean()) {
        return null;
      }
      step(c, toServer, toClient, app);
      step(s, toClient, toServer, app);
      if (done(c) && done(s) && toServer.position() == 0 && toClient.position() == 0) {
        return c.getSession().getProtocol();
      }
    }
    throw new SSLException("the in-memory handshake did not finish in " + MAX_STEPS + " steps");
  }

  /**
   * A server context for a fresh Ed25519 key and a self-signed certificate on it, its key handed
   * over directly (not through a PKCS#12 key store, whose password-based encryption alone took
   * about a second of a loaded 2-core machine).
   */
  private static SSLContext throwawayServer() throws GeneralSecurityException {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Instant now = Instant.now();
    X509Certificate cert =
        SelfSignedCertificate.create(
            pair,
            "peervoice tls warm-up",
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(1)),
            now.toEpochMilli());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {new OneKey(pair.getPrivate(), cert)}, null, null);
    return context;
  }

  /** The server's one key and certificate, offered for the key type it is. */
  private static final class OneKey extends X509ExtendedKeyManager {
    private static final String ALIAS = "warm-up";
    private final PrivateKey key;
    private final X509Certificate cert;

    OneKey(PrivateKey key, X509Certificate cert) {
      this.key = key;
      this.cert = cert;
    }

    private String alias(String keyType) {
      return key.getAlgorithm().equals(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return alias(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? new X509Certificate[] {cert} : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }
  }

  private static boolean done(SSLEngine e) {
    return e.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
  }

  /** One step of {@code e}: runs its tasks, writes to {@code out} or reads from {@code in}. */
  private static void step(SSLEngine e, ByteBuffer out, ByteBuffer in, ByteBuffer app)
      throws SSLException {
    switch (e.getHandshakeStatus()) {
      case NEED_TASK -> {
        for (Runnable task = e.getDelegatedTask(); task != null; task = e.getDelegatedTask()) {
          task.run();
        }
      }
      case NEED_WRAP -> check(e.wrap(ByteBuffer.allocate(0), out));
      default -> { // NEED_UNWRAP (_AGAIN), or done: read what the other side wrote, if anything
        in.flip();
        if (in.hasRemaining()) {
          check(e.unwrap(in, app));
        }
        in.compact();
        app.clear();
      }
    }
  }

  private static void check(SSLEngineResult r) throws SSLException {
    if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW
        || r.getStatus() == SSLEngineResult.Status.CLOSED) {
      throw new SSLException("in-memory handshake: " + r.getStatus());
    }
  }
}
