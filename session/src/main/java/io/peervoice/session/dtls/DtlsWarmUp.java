package io.peervoice.session.dtls;

import io.peervoice.session.internal.dtls.MemoryPair;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs DTLS-SRTP handshakes in memory, so the first call with a WebRTC peer does not pay for
 * loading and compiling Bouncy Castle's TLS code: measured here, a cold first handshake took about
 * 100 ms and a warm one about 6 ms. S16: {@value #ROUNDS} of them, not one: the handshake after a
 * single warm-up still ran mostly interpreted (34-43 ms for both ends in memory, against 21-27 ms
 * from the fifth on, quiet 2-core machine, class data sharing on), and a browser call's client
 * flight after it took 26-35 ms of the answer's first 150. For a phone's warm-up thread.
 */
public final class DtlsWarmUp {
  /** Handshakes a warm-up runs. */
  public static final int ROUNDS = 4;

  private static final AtomicLong RUNS = new AtomicLong();

  private DtlsWarmUp() {}

  /** Warm-ups completed in this JVM so far (whether a phone's warm-up ran). */
  public static long runs() {
    return RUNS.get();
  }

  /**
   * {@value #ROUNDS} handshakes, each between two fresh certificates (one extra short-lived thread
   * each).
   *
   * @return whether both ends derived mirrored SRTP keys in every one
   * @throws IOException if a handshake failed
   */
  public static boolean run(SecureRandom random) throws IOException {
    boolean mirrored = true;
    for (int i = 0; i < ROUNDS; i++) {
      mirrored &= MemoryPair.handshake(random);
    }
    RUNS.incrementAndGet();
    return mirrored;
  }
}
