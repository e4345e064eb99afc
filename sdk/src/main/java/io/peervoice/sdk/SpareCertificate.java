package io.peervoice.sdk;

import io.peervoice.session.dtls.DtlsCertificate;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;

/**
 * A phone's one spare DTLS certificate and key pair (S8), made in the background ({@link Spare}) so
 * that a WebRTC call that finds it ready does not wait for key generation on its ringing or answer
 * path (a call less than {@link #REPLACE_AFTER} after the previous one still does): each call gets
 * a fresh certificate of its own ({@code docs/dtls-srtp.md} §5), taken ready-made, and taking it
 * starts the next spare, {@link #REPLACE_AFTER} later. At most one key pair per phone is spare. A
 * spare older than {@link #MAX_AGE} is not used (the certificate's validity starts a day before it
 * was made and lasts {@link DtlsCertificate#LIFE}); a call that finds no ready spare makes its own
 * certificate at once, as before. Thread-safe.
 */
final class SpareCertificate {
  /** How long after a call took the spare the next one is made. */
  static final Duration REPLACE_AFTER = Duration.ofSeconds(5);

  /** How old a spare may be when taken. */
  static final Duration MAX_AGE = Duration.ofHours(12);

  /** Makes a certificate dated {@code atMillis} (wall clock). */
  interface Maker {
    DtlsCertificate make(long atMillis);

    /** Fresh self-signed certificates and key pairs from {@code random}. */
    static Maker generating(SecureRandom random) {
      Objects.requireNonNull(random, "random");
      return at -> DtlsCertificate.generate(random, Instant.ofEpochMilli(at));
    }
  }

  private final Spare<DtlsCertificate> spare;
  private final Maker maker;
  private final LongSupplier wallMillis;

  /**
   * Makes the first spare on {@code executor} and each replacement on it too, booked on {@code
   * later} ({@link #REPLACE_AFTER}), dated by {@code wallMillis}; {@code stop} releases {@code
   * executor} at {@link #close()}.
   */
  SpareCertificate(
      Executor executor, Runnable stop, Spare.Delay later, LongSupplier wallMillis, Maker maker) {
    this.maker = Objects.requireNonNull(maker, "maker");
    this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
    this.spare =
        new Spare<>(
            "DTLS certificate",
            executor,
            stop,
            later,
            wallMillis,
            REPLACE_AFTER,
            MAX_AGE,
            maker::make,
            certificate -> {}); // a key pair in memory: nothing to release
  }

  /**
   * A phone's: made on a thread of its own ({@code peervoice-dtls-spare}, ended at {@link
   * #close()}), replacements booked on the phone's signaling timers, which its close cancels.
   */
  static SpareCertificate forPhone(SignalingThread thread, LongSupplier wallMillis, Maker maker) {
    ExecutorService pool = WebWarmUp.background("peervoice-dtls-spare");
    return new SpareCertificate(pool, pool::shutdownNow, thread::after, wallMillis, maker);
  }

  /** Starts making the spare unless one is there or under way, or closed; returns at once. */
  void prepare() {
    spare.prepare();
  }

  /**
   * A certificate for a call starting now: the spare if it is ready and fresh, else one made here
   * and now. Either way the next spare is booked, {@link #REPLACE_AFTER} later (unless closed).
   */
  DtlsCertificate take() {
    DtlsCertificate ready = spare.takeReady();
    return ready != null ? ready : maker.make(wallMillis.getAsLong());
  }

  /** Stops: nothing is made after this; the executor is released. For the phone's close. */
  void close() {
    spare.close();
  }

  /** Spares made in the background, and how many of them calls took: for tests. */
  long[] counts() {
    return spare.counts();
  }

  /** The spare made, under way or booked, or null: for tests. */
  CompletableFuture<?> spare() {
    return spare.spare();
  }
}
