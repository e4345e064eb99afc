package io.peervoice.signaling.internal.overlay;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.StreamRoute;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readies what a stream fallback needs while UDP is given its second (from half of it on, so a peer
 * whose UDP answers pays nothing): the TLS client (JSSE's provider, the shared {@link
 * NodePinning#context()}, a ClientHello's key share) and Ed25519 signing and checking (the attach
 * that follows a stream). In a fresh JVM these cost hundreds of milliseconds of CPU, which would
 * otherwise come after the stream was dialled. On one short-lived daemon thread; a failure here is
 * logged and left to the real dial to meet.
 */
final class StreamWarmUp {
  private static final Logger log = LoggerFactory.getLogger(StreamWarmUp.class);

  private boolean planned;

  /**
   * Warms up once, {@code delayMillis} from now, if {@code route} has a TLS port and {@code silent}
   * still holds then (UDP has not answered). Loop thread.
   */
  void plan(Env env, long delayMillis, StreamRoute route, BooleanSupplier silent) {
    if (planned || route.tlsPort() == 0) {
      return;
    }
    planned = true;
    env.schedule(
        delayMillis,
        () -> {
          if (silent.getAsBoolean()) {
            start();
          }
        });
  }

  private static void start() {
    Thread t = new Thread(StreamWarmUp::run, "peervoice-overlay-warm-up");
    t.setDaemon(true);
    t.start();
  }

  private static void run() {
    try {
      SSLEngine engine = NodePinning.context().createSSLEngine("node.invalid", 443);
      engine.setUseClientMode(true);
      engine.beginHandshake();
      engine.wrap(
          ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
      engine.closeOutbound();
      Identity throwaway = Identity.generate(new SecureRandom());
      byte[] data = new byte[32];
      throwaway.publicIdentity().verify(data, throwaway.sign(data));
    } catch (Exception | LinkageError e) {
      log.debug("stream warm-up failed (the dial will say why): {}", e.toString());
    }
  }
}
