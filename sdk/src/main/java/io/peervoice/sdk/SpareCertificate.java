package io.peervoice.sdk;

import io.peervoice.session.dtls.DtlsCertificate;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A phone's one spare DTLS certificate and key pair (S8), made in the background so that a WebRTC
 * call that finds it ready does not wait for key generation on its ringing or answer path (a call
 * less than {@link #REPLACE_AFTER} after the previous one still does): each call gets a fresh
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

    /** Fresh self-signed certificates and key pairs from {@code random}. */
    static Maker generating(SecureRandom random) {
      Objects.requireNonNull(random, "random");
      return at -> DtlsCertificate.generate(random, Instant.ofEpochMilli(at));
    }
  }

  /**
   * Books a task to run {@link #REPLACE_AFTER} from now, on a timer the phone cancels when it
   * closes ({@link SignalingThread#after}).
   */
  interface Delay {
    /** Returns false if the task was not booked (the phone closed): it will never run. */
    boolean book(Runnable task);
  }

  private final Executor executor;
  private final Runnable stop;
  private final Delay later;
  private final Maker maker;
  private final LongSupplier wallMillis;
  private CompletableFuture<Made> spare; // guarded by this; null: none made or being made
  private boolean closed; // guarded by this
  private long made; // guarded by this; certificates made in the background
  private long taken; // guarded by this; spares handed to calls

  private record Made(DtlsCertificate certificate, long atMillis) {}

  /**
   * Makes the first spare on {@code executor} and each replacement on it too, booked on {@code
   * later} ({@link #REPLACE_AFTER}: a call that just took the spare is setting up, and a key
   * generation beside it would compete for the CPU), dated by {@code wallMillis}; {@code stop}
   * releases {@code executor} at {@link #close()}.
   */
  SpareCertificate(
      Executor executor, Runnable stop, Delay later, LongSupplier wallMillis, Maker maker) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.stop = Objects.requireNonNull(stop, "stop");
    this.later = Objects.requireNonNull(later, "later");
    this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
    this.maker = Objects.requireNonNull(maker, "maker");
  }

  /**
   * A phone's: made on a thread of its own ({@code peervoice-dtls-spare}, ended at {@link
   * #close()}), replacements booked on the phone's signaling timers, which its close cancels.
   */
  static SpareCertificate forPhone(SignalingThread thread, LongSupplier wallMillis, Maker maker) {
    ExecutorService pool = WebWarmUp.background("peervoice-dtls-spare");
    return new SpareCertificate(
        pool,
        pool::shutdownNow,
        task -> thread.after(REPLACE_AFTER.toMillis(), task),
        wallMillis,
        maker);
  }

  /** Starts making the spare unless one is there or under way, or closed; returns at once. */
  synchronized void prepare() {
    if (spare == null && !closed) {
      spare = new CompletableFuture<>();
      submit(spare);
    }
  }

  /**
   * A certificate for a call starting now: the spare if it is ready and fresh, else one made here
   * and now. Either way the next spare is booked, {@link #REPLACE_AFTER} later (unless closed).
   */
  DtlsCertificate take() {
    long now = wallMillis.getAsLong();
    Made ready = null;
    CompletableFuture<Made> booked = null;
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
      if (spare == null && !closed) {
        spare = booked = new CompletableFuture<>();
      }
    }
    if (booked != null) {
      CompletableFuture<Made> f = booked;
      if (!later.book(() -> submit(f))) {
        refused(f, new RejectedExecutionException("no timer for the spare DTLS certificate"));
      }
    }
    return ready != null ? ready.certificate() : generate(now);
  }

  /**
   * Stops: a spare under way or booked completes (cancelled) and none is made after this; the
   * executor is released. For the phone's close.
   */
  void close() {
    CompletableFuture<Made> s;
    synchronized (this) {
      closed = true;
      s = spare;
      spare = null;
    }
    if (s != null) {
      s.cancel(false);
    }
    stop.run();
  }

  /** Spares made in the background, and how many of them calls took: for tests. */
  synchronized long[] counts() {
    return new long[] {made, taken};
  }

  /** The spare made, under way or booked, or null: for tests. */
  synchronized CompletableFuture<?> spare() {
    return spare;
  }

  private void submit(CompletableFuture<Made> f) {
    try {
      executor.execute(() -> make(f));
    } catch (RejectedExecutionException e) {
      refused(f, e);
    }
  }

  private void make(CompletableFuture<Made> f) {
    synchronized (this) {
      if (closed || f.isDone()) {
        f.cancel(false);
        return; // nothing made for a closed phone
      }
    }
    try {
      long at = wallMillis.getAsLong();
      Made m = new Made(generate(at), at);
      synchronized (this) {
        made++;
      }
      f.complete(m);
    } catch (RuntimeException e) {
      log.warn(
          "spare DTLS certificate failed; the next WebRTC call makes its own: {}", e.toString());
      f.completeExceptionally(e);
    }
  }

  private void refused(CompletableFuture<Made> f, RejectedExecutionException e) {
    boolean wasClosed;
    synchronized (this) {
      wasClosed = closed;
    }
    if (!wasClosed) {
      log.warn("no thread for the spare DTLS certificate; the next WebRTC call makes its own");
    }
    f.completeExceptionally(e);
  }

  private DtlsCertificate generate(long atMillis) {
    return maker.make(atMillis);
  }
}
