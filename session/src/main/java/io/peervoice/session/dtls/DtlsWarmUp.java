package io.peervoice.session.dtls;

import io.peervoice.session.internal.dtls.MemoryPair;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one DTLS-SRTP handshake in memory, so the first call with a WebRTC peer does not pay for
 * loading and compiling Bouncy Castle's TLS code: measured here, a cold first handshake took about
 * 100 ms and a warm one about 6 ms. For a phone's warm-up thread.
 */
public final class DtlsWarmUp {
  private static final AtomicLong HANDSHAKES = new AtomicLong();

  private DtlsWarmUp() {}

  /** Warm-up handshakes completed in this JVM so far (whether a phone's warm-up ran one). */
  public static long handshakes() {
    return HANDSHAKES.get();
  }

  /**
   * Two fresh certificates, one handshake between them (one extra short-lived thread).
   *
   * @return whether both ends derived mirrored SRTP keys
   * @throws IOException if the handshake failed
   */
  public static boolean run(SecureRandom random) throws IOException {
    boolean mirrored = MemoryPair.handshake(random);
    HANDSHAKES.incrementAndGet();
    return mirrored;
  }
}
