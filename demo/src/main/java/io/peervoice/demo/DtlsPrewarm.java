package io.peervoice.demo;

import io.peervoice.session.dtls.DtlsWarmUp;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S7 lean: {@code call --webrtc} knows at start that its one call is a WebRTC call, so it runs the
 * DTLS warm-up ({@link DtlsWarmUp}, one handshake in memory) at once, beside the phone's start and
 * attach, rather than at the dial as a phone does by itself: the dial's own certificate and the
 * call's handshake then run warm. Other commands never load Bouncy Castle's TLS code unless a
 * WebRTC call comes ({@code docs/webrtc.md}, "Warm-up").
 */
final class DtlsPrewarm {
  private static final Logger log = LoggerFactory.getLogger(DtlsPrewarm.class);

  private DtlsPrewarm() {}

  /** Starts the handshake on a daemon thread; completes when it ran (or failed, logged). */
  static CompletableFuture<Void> start() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                DtlsWarmUp.run(new SecureRandom());
              } catch (java.io.IOException | RuntimeException e) {
                log.warn("DTLS warm-up failed; the call's handshake runs cold: {}", e.toString());
              } finally {
                done.complete(null);
              }
            },
            "peervoice-dtls-prewarm");
    t.setDaemon(true);
    t.start();
    return done;
  }
}
