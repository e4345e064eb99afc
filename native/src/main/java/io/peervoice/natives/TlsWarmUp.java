package io.peervoice.natives;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

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
    KeyPairGenerator keys = KeyPairGenerator.getInstance("Ed25519");
    TlsServerSettings server =
        TlsServerSettings.selfSigned(
            keys.generateKeyPair(), "peervoice tls warm-up", Duration.ofDays(1));
    SSLEngine c = client.context().createSSLEngine("warm-up.invalid", 443);
    c.setUseClientMode(true);
    c.setEnabledProtocols(TlsClientSettings.PROTOCOLS);
    SSLEngine s = server.context().createSSLEngine();
    s.setUseClientMode(false);
    s.setEnabledProtocols(TlsClientSettings.PROTOCOLS);
    int size = 4 * Math.max(c.getSession().getPacketBufferSize(), 1 << 14);
    ByteBuffer toServer = ByteBuffer.allocate(size);
    ByteBuffer toClient = ByteBuffer.allocate(size);
    ByteBuffer app = ByteBuffer.allocate(size);
    c.beginHandshake();
    s.beginHandshake();
    for (int i = 0; i < MAX_STEPS; i++) {
      step(c, toServer, toClient, app);
      step(s, toClient, toServer, app);
      if (done(c) && done(s) && toServer.position() == 0 && toClient.position() == 0) {
        return c.getSession().getProtocol();
      }
    }
    throw new SSLException("the in-memory handshake did not finish in " + MAX_STEPS + " steps");
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
