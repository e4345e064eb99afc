package io.peervoice.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thing a phone makes ahead for its next call (S8: a DTLS certificate, {@link
 * SpareCertificate}; S20: an ICE session with its host ports, {@link AnswerSpares}), in the
 * background, so that the call that finds it ready does not wait for it on its set-up path. Taking
 * it books the next one, a delay later (off the set-up of the call that took it). At most one spare
 * exists or is being made (bounded). A spare older than its maximum age is not handed out; one not
 * handed out (stale, {@link #discard() discarded}, made after {@link #close()}) is given to the
 * discarder, which releases what it holds. Thread-safe.
 *
 * @param <T> what is made ahead
 */
final class Spare<T> {
  private static final Logger log = LoggerFactory.getLogger(Spare.class);

  /** Makes one, dated {@code atMillis} (wall clock). */
  interface Maker<T> {
    T make(long atMillis) throws Exception;
  }

  /**
   * Books a task to run after {@code millis}, on a timer the phone cancels when it closes ({@link
   * SignalingThread#after}).
   */
  interface Delay {
    /** Returns false if the task was not booked (the phone closed): it will never run. */
    boolean book(long millis, Runnable task);
  }

  private final String what;
  private final Executor executor;
  private final Runnable stop;
  private final Delay later;
  private final LongSupplier wallMillis;
  private final Duration maxAge;
  private final Duration replaceAfter;
  private final Maker<T> maker;
  private final Consumer<? super T> discarder;
  private CompletableFuture<Made<T>> spare; // guarded by this; null: none made or being made
  private boolean closed; // guarded by this
  private long made; // guarded by this; spares made
  private long taken; // guarded by this; spares handed out

  private record Made<T>(T value, long atMillis) {}

  /**
   * Makes the first spare and each replacement on {@code executor}, replacements booked on {@code
   * later}, {@code replaceAfter} after a call took the spare (that call is setting up: making the
   * next beside it would compete for the CPU), dated by {@code wallMillis}; a spare not taken
   * within {@code maxAge} is replaced then (its discarding, like every other, on {@code executor});
   * {@code stop} releases {@code executor} at {@link #close()}; {@code what} names it in the log.
   */
  Spare(
      String what,
      Executor executor,
      Runnable stop,
      Delay later,
      LongSupplier wallMillis,
      Duration replaceAfter,
      Duration maxAge,
      Maker<T> maker,
      Consumer<? super T> discarder) {
    this.what = Objects.requireNonNull(what, "what");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.stop = Objects.requireNonNull(stop, "stop");
    this.later = Objects.requireNonNull(later, "later");
    this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.replaceAfter = Objects.requireNonNull(replaceAfter, "replaceAfter");
    this.maker = Objects.requireNonNull(maker, "maker");
    this.discarder = Objects.requireNonNull(discarder, "discarder");
  }

  /**
   * Starts making the spare unless one is there, under way or booked, or closed; returns at once
   * the spare's completion (made, failed or cancelled; completed already when closed).
   */
  synchronized CompletableFuture<?> prepare() {
    if (closed) {
      return CompletableFuture.completedFuture(null);
    }
    if (spare == null) {
      spare = new CompletableFuture<>();
      submit(spare);
    }
    return spare;
  }

  /** Books the spare, a delay from now, unless one is there, under way or booked, or closed. */
  void prepareLater() {
    book();
  }

  /**
   * The spare if it is ready and fresh, else null (a spare under way is left to finish, for the
   * next call). Unless one is still under way, the next is booked a delay later (unless closed).
   */
  T takeReady() {
    long now = wallMillis.getAsLong();
    Made<T> ready = null;
    Made<T> stale = null;
    synchronized (this) {
      CompletableFuture<Made<T>> s = spare;
      if (s != null && s.isDone()) {
        spare = null;
        Made<T> m = made(s);
        if (m != null && now - m.atMillis() <= maxAge.toMillis() && now >= m.atMillis()) {
          ready = m;
          taken++;
        } else {
          stale = m;
        }
      }
    }
    if (stale != null) {
      discard(stale.value());
    }
    book();
    return ready != null ? ready.value() : null;
  }

  /**
   * Drops the spare, made or under way (what it holds may be out of date: the network changed), and
   * books the next a delay later; returns at once.
   */
  void discard() {
    CompletableFuture<Made<T>> s;
    synchronized (this) {
      s = spare;
      spare = null;
    }
    release(s, false);
    book();
  }

  /**
   * Stops: a spare made is discarded, one under way or booked completes (cancelled) and none is
   * made after this; the executor is released. For the phone's close.
   */
  void close() {
    CompletableFuture<Made<T>> s;
    synchronized (this) {
      closed = true;
      s = spare;
      spare = null;
    }
    release(s, true);
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

  /** Books a spare if none is there or under way (and not closed). */
  private void book() {
    CompletableFuture<Made<T>> booked;
    synchronized (this) {
      if (spare != null || closed) {
        return;
      }
      spare = booked = new CompletableFuture<>();
    }
    if (!later.book(replaceAfter.toMillis(), () -> submit(booked))) {
      refused(booked, new RejectedExecutionException("no timer for the spare " + what));
    }
  }

  /**
   * Cancels {@code s} if it is under way or booked, or discards what it made: {@code here} (the
   * phone's close: the executor stops next), else on the executor.
   */
  private void release(CompletableFuture<Made<T>> s, boolean here) {
    if (s != null && !s.cancel(false)) {
      Made<T> m = made(s);
      if (m != null) {
        if (here) {
          discarder.accept(m.value());
        } else {
          discard(m.value());
        }
      }
    }
  }

  private static <T> Made<T> made(CompletableFuture<Made<T>> done) {
    return done.isCompletedExceptionally() || done.isCancelled() ? null : done.join();
  }

  private void submit(CompletableFuture<Made<T>> f) {
    try {
      executor.execute(() -> make(f));
    } catch (RejectedExecutionException e) {
      refused(f, e);
    }
  }

  private void make(CompletableFuture<Made<T>> f) {
    synchronized (this) {
      if (closed || f.isDone()) {
        f.cancel(false);
        return; // nothing made for a closed phone, nor for a spare discarded meanwhile
      }
    }
    try {
      long at = wallMillis.getAsLong();
      Made<T> m = new Made<>(maker.make(at), at);
      synchronized (this) {
        made++;
      }
      if (!f.complete(m)) {
        discarder.accept(m.value()); // discarded or closed while made; on the executor already
      } else if (!later.book(maxAge.toMillis(), () -> renew(f))) {
        log.debug("no timer to renew the spare {}", what);
      }
    } catch (Throwable e) { // an Error too: the spare must not stay under way for ever
      boolean wasClosed;
      synchronized (this) {
        wasClosed = closed;
      }
      if (!wasClosed) {
        log.warn("spare {} failed; the next call makes its own: {}", what, e.toString());
      }
      f.completeExceptionally(e);
    }
  }

  /** A spare {@code f} still untaken at its maximum age is replaced by a fresh one. */
  private void renew(CompletableFuture<Made<T>> f) {
    synchronized (this) {
      if (spare != f || closed) {
        return; // taken, discarded or closed meanwhile
      }
      spare = null;
    }
    release(f, false);
    prepare();
  }

  /** Hands {@code value} to the discarder on the executor (it may block: ports close). */
  private void discard(T value) {
    try {
      executor.execute(() -> discarder.accept(value));
    } catch (RejectedExecutionException e) {
      discarder.accept(value); // the executor stopped (the phone closed): here and now
    }
  }

  private void refused(CompletableFuture<Made<T>> f, RejectedExecutionException e) {
    boolean wasClosed;
    synchronized (this) {
      wasClosed = closed;
    }
    if (!wasClosed) {
      log.warn("no thread for the spare {}; the next call makes its own", what);
    }
    f.completeExceptionally(e);
  }
}
