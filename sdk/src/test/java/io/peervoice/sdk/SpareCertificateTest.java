package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.session.dtls.DtlsCertificate;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * S8: a phone's one spare DTLS certificate, on an executor run by hand and a wall clock set by
 * hand: a call takes the very certificate made ahead (none is made on the call's own path) and
 * starts the next on the delayed executor, off its set-up; never more than one is made or waiting;
 * a call that finds none ready, or only a stale one, makes its own at once.
 */
class SpareCertificateTest {
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private final Queue<Runnable> later = new ArrayDeque<>(); // replacements: after a delay
  private final Queue<Runnable> renewals = new ArrayDeque<>(); // S20: at the maximum age
  private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
  private final SecureRandom random = new SecureRandom();
  private final List<DtlsCertificate> made = new CopyOnWriteArrayList<>();
  private final List<Boolean> madeInBackground = new CopyOnWriteArrayList<>();
  private boolean inTask;
  private final AtomicLong stopped = new AtomicLong();
  private final SpareCertificate spare =
      new SpareCertificate(
          task -> tasks.add(inBackground(task)),
          stopped::incrementAndGet,
          (ms, t) -> (ms == SpareCertificate.REPLACE_AFTER.toMillis() ? later : renewals).add(t),
          now::get,
          at -> {
            DtlsCertificate c = DtlsCertificate.generate(random, Instant.ofEpochMilli(at));
            made.add(c);
            madeInBackground.add(inTask);
            return c;
          });

  private Runnable inBackground(Runnable task) {
    return () -> {
      inTask = true;
      try {
        task.run();
      } finally {
        inTask = false;
      }
    };
  }

  @Test
  void aCallTakesTheCertificateMadeAheadAndStartsTheNextLater() {
    spare.prepare();
    spare.prepare();
    assertThat(tasks).as("one spare at a time").hasSize(1);
    tasks.poll().run();
    assertThat(made).hasSize(1);

    DtlsCertificate first = spare.take();
    assertThat(first).as("the spare itself").isSameAs(made.get(0));
    assertThat(made).as("nothing made on the call's path").hasSize(1);
    assertThat(spare.counts()).containsExactly(1, 1);
    assertThat(tasks).as("not beside the call's set-up").isEmpty();
    assertThat(later).as("but after a delay").hasSize(1);
    later.poll().run();
    assertThat(made).as("then on the background executor").hasSize(1);
    tasks.poll().run();
    DtlsCertificate second = spare.take();
    assertThat(second).isSameAs(made.get(1)).isNotSameAs(first);
    assertThat(second.fingerprint())
        .as("a fresh certificate per call")
        .isNotEqualTo(first.fingerprint());
    assertThat(madeInBackground).containsExactly(true, true);
  }

  @Test
  void aCallThatFindsNoReadySpareMakesItsOwnAndLeavesTheOneUnderWay() {
    spare.prepare();
    DtlsCertificate own = spare.take();
    assertThat(madeInBackground).as("made on the call's path").containsExactly(false);
    assertThat(spare.counts()).containsExactly(0, 0);
    assertThat(tasks).as("the spare under way is kept, no second one").hasSize(1);
    assertThat(later).isEmpty();
    tasks.poll().run();
    assertThat(spare.take()).isSameAs(made.get(1)).isNotSameAs(own);
    assertThat(spare.counts()).containsExactly(1, 1);
  }

  @Test
  void aStaleSpareIsNotUsed() {
    spare.prepare();
    tasks.poll().run();
    now.addAndGet(SpareCertificate.MAX_AGE.toMillis() + 1);
    DtlsCertificate taken = spare.take();
    assertThat(taken).isNotSameAs(made.get(0));
    assertThat(spare.counts()).as("made, but not taken").containsExactly(1, 0);
    assertThat(later).hasSize(1);
  }

  @Test
  void aRefusedSpareLeavesCallsTheirOwnCertificate() {
    SpareCertificate refused =
        new SpareCertificate(
            task -> {
              throw new java.util.concurrent.RejectedExecutionException("shut down");
            },
            () -> {},
            (ms, task) -> false,
            now::get,
            SpareCertificate.Maker.generating(new SecureRandom()));
    refused.prepare();
    assertThat(refused.spare()).isCompletedExceptionally();
    assertThat(refused.take()).isNotNull();
    assertThat(refused.spare())
        .as("a timer refused: never left pending")
        .isCompletedExceptionally();
    assertThat(refused.counts()).containsExactly(0, 0);
  }

  /**
   * Closed (the phone's close), the spare booked or under way completes, the executor is released,
   * and nothing is made afterwards, even if a timer that was not cancelled still fires.
   */
  @Test
  void closingCompletesTheBookedSpareAndMakesNothingAfter() {
    spare.take();
    java.util.concurrent.CompletableFuture<?> booked = spare.spare();
    assertThat(booked).isNotDone();
    spare.close();
    assertThat(booked).as("never left pending").isDone();
    assertThat(stopped).as("the executor released").hasValue(1);
    later.poll().run(); // a timer the phone did not cancel
    assertThat(tasks).hasSize(1);
    tasks.poll().run();
    assertThat(made).as("only the call's own").hasSize(1);
    assertThat(booked).isCancelled();
    spare.prepare();
    spare.take();
    assertThat(tasks).as("nothing started once closed").isEmpty();
    assertThat(later).isEmpty();
    assertThat(spare.spare()).isNull();
  }
}
