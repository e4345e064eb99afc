package io.peervoice.sdk;

import io.peervoice.session.dtls.DtlsCertificate;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A phone's one spare DTLS certificate and key pair (S8), made in the background so that a WebRTC
 * call never waits for key generation on its ringing or answer path: each call still gets a fresh
 * certificate of its own ({@code docs/dtls-srtp.md} §5), taken ready-made, and taking it starts the
 * next spare, {@link #REPLACE_AFTER} later (off the set-up of the call that took it). At most one
 * spare exists or is being made (bounded: one key pair per phone). A spare older than {@link
 * #MAX_AGE} is not used (the certificate's validity starts a day before it was made and lasts
 * {@link DtlsCertificate#LIFE}); a call that finds no ready spare makes its own certificate at
 * once, as before. Thread-safe.
 */
final class SpareCertificate {
  private static final Logger log = LoggerFactory.getLogger(SpareCertificate.class);

  /** How long after a call took the spare the next one is made. */
  static final Duration REPLACE_AFTER = Duration.ofSeconds(5);

  /** How old a spare may be when taken. */
  static final Duration MAX_AGE = Duration.ofHours(12);

  /** Makes a certificate dated {@code atMillis} (wall clock). */
  interface Maker {
    DtlsCertificate make(long atMillis);
  }

  private final Executor executor;
  private final Executor later;
  private final Maker maker;
  private final LongSupplier wallMillis;
  private CompletableFuture<Made> spare; // guarded by this; null: none made or being made
  private long made; // guarded by this; certificates made in the background
  private long taken; // guarded by this; spares handed to calls

  private record Made(DtlsCertificate certificate, long atMillis) {}

  /**
   * Makes the first spare on {@code executor} and each replacement on {@code later} (the same
   * executor after a delay, {@link #REPLACE_AFTER}: a call that just took the spare is setting up,
   * and a key generation beside it would compete for the CPU), dated by {@code wallMillis}.
   */
  SpareCertificate(
      Executor executor, Executor later, SecureRandom random, LongSupplier wallMillis) {
    this(
        executor,
        later,
        wallMillis,
        at -> DtlsCertificate.generate(random, Instant.ofEpochMilli(at)));
    Objects.requireNonNull(random, "random");
  }

  /** As the other constructor, with certificates made by {@code maker} (tests). */
  SpareCertificate(Executor executor, Executor later, LongSupplier wallMillis, Maker maker) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.later = Objects.requireNonNull(later, "later");
    this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
    this.maker = Objects.requireNonNull(maker, "maker");
  }

  /** Starts making the spare unless one is there or under way; returns at once. */
  synchronized void prepare() {
    if (spare == null) {
      spare = makeInBackground(executor);
    }
  }

  /**
   * A certificate for a call starting now: the spare if it is ready and fresh, else one made here
   * and now. Either way the next spare is started.
   */
  DtlsCertificate take() {
    long now = wallMillis.getAsLong();
    Made ready = null;
    synchronized (this) {
      CompletableFuture<Made> s = spare;
      if (s != null && s.isDone()) {
        Made m = s.isCompletedExceptionally() || s.isCancelled() ? null : s.join();
        spare = null;
        if (m != null && now - m.atMillis() <= MAX_AGE.toMillis() && now >= m.atMillis()) {
          ready = m;
          taken++;
        }
      }
      if (spare == null) {
        spare = makeInBackground(later);
      }
    }
    return ready != null ? ready.certificate() : generate(now);
  }

  /** Spares made in the background, and how many of them calls took: for tests. */
  synchronized long[] counts() {
    return new long[] {made, taken};
  }

  private CompletableFuture<Made> makeInBackground(Executor executor) {
    CompletableFuture<Made> f = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              long at = wallMillis.getAsLong();
              Made m = new Made(generate(at), at);
              synchronized (this) {
                made++;
              }
              f.complete(m);
            } catch (RuntimeException e) {
              log.warn(
                  "spare DTLS certificate failed; the next WebRTC call makes its own: {}",
                  e.toString());
              f.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      log.warn("no thread for the spare DTLS certificate; the next WebRTC call makes its own");
      f.completeExceptionally(e);
    }
    return f;
  }

  private DtlsCertificate generate(long atMillis) {
    return maker.make(atMillis);
  }
}
