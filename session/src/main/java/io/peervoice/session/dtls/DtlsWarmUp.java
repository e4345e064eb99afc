package io.peervoice.session.dtls;

import io.peervoice.session.internal.dtls.MemoryPair;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Runs DTLS-SRTP handshakes in memory, so the first call with a WebRTC peer does not pay for
 * loading and compiling Bouncy Castle's TLS code: measured here, a cold first handshake took about
 * 100 ms and a warm one about 6 ms. S16: {@value #ROUNDS} of them, not one: the handshake after a
 * single warm-up still ran mostly interpreted (34-43 ms for both ends in memory, against 21-27 ms
 * from the fifth on, quiet 2-core machine, class data sharing on), and a browser call's client
 * flight after it took 26-35 ms of the answer's first 150. For a phone's warm-up thread. S17: it
 * stops between handshakes when told to ({@link #run(SecureRandom, BooleanSupplier)}), so a call's
 * own handshake does not share two cores with the rest of the warm-up.
 */
public final class DtlsWarmUp {
  /** Handshakes a warm-up runs. */
  public static final int ROUNDS = 4;

  private static final AtomicLong RUNS = new AtomicLong();

  private DtlsWarmUp() {}

  /**
   * Warm-ups that ran at least one handshake in this JVM so far (whether a phone's warm-up ran).
   */
  public static long runs() {
    return RUNS.get();
  }

  /**
   * What a warm-up did.
   *
   * @param rounds handshakes run, 0..{@value #ROUNDS}
   * @param mirrored whether both ends derived mirrored SRTP keys in every one
   */
  public record Outcome(int rounds, boolean mirrored) {}

  /**
   * {@value #ROUNDS} handshakes, each between two fresh certificates (one extra short-lived thread
   * each).
   *
   * @return whether both ends derived mirrored SRTP keys in every one
   * @throws IOException if a handshake failed
   */
  public static boolean run(SecureRandom random) throws IOException {
    return run(random, () -> false).mirrored();
  }

  /**
   * Up to {@value #ROUNDS} handshakes as {@link #run(SecureRandom)}, asking {@code stop} before
   * each: once it says true (a call's own handshake starts), no more begin. The one running then
   * finishes: Bouncy Castle's handshake cannot be cut short, and it takes a few milliseconds warm.
   *
   * @throws IOException if a handshake failed
   */
  public static Outcome run(SecureRandom random, BooleanSupplier stop) throws IOException {
    boolean mirrored = true;
    int rounds = 0;
    while (rounds < ROUNDS && !stop.getAsBoolean()) {
      mirrored &= MemoryPair.handshake(random);
      rounds++;
    }
    if (rounds > 0) {
      RUNS.incrementAndGet();
    }
    return new Outcome(rounds, mirrored);
  }
}
