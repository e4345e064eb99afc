package io.peervoice.sdk;

import io.peervoice.session.dtls.DtlsWarmUp;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S7 lean: a phone's DTLS warm-up ({@link DtlsWarmUp}: one DTLS-SRTP handshake in memory), run
 * lazily, once, when the phone's first WebRTC call starts: a {@link Phone#callWebRtc} dial, or a
 * browser's offer that passed the checks and rings. The handshake then runs on a thread of its own
 * while the call rings and connects, so its real handshake after the answer finds Bouncy Castle's
 * TLS code loaded and compiled. Phones that never meet a browser never load that code: at start it
 * cost every process its memory and a fresh caller's CPU while it dialled ({@code docs/webrtc.md},
 * "The DTLS warm-up").
 */
final class WebWarmUp {
  private static final Logger log = LoggerFactory.getLogger(WebWarmUp.class);

  private final ThreadFactory threads;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  /**
   * Runs the handshake on a thread made by {@code threads} (a daemon: it must not hold the JVM).
   */
  WebWarmUp(ThreadFactory threads) {
    this.threads = threads;
  }

  /** Starts the handshake unless it was started before; returns at once (any thread). */
  void start(SecureRandom random) {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    threads
        .newThread(
            () -> {
              try {
                DtlsWarmUp.run(random);
              } catch (java.io.IOException | RuntimeException e) {
                log.warn(
                    "DTLS warm-up failed; a first WebRTC call runs its handshake cold: {}",
                    e.toString());
              } finally {
                done.complete(null);
              }
            })
        .start();
  }

  /** Whether a WebRTC call started it. */
  boolean started() {
    return started.get();
  }

  /** Completes once the handshake ran (or failed; the first WebRTC call then pays it cold). */
  CompletableFuture<Void> done() {
    return done;
  }
}
