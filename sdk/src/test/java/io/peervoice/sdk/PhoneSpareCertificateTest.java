package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.session.dtls.DtlsCertificate;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.RateLimitedLog;
import io.peervoice.testkit.FakeTimers;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * S8: a phone's spare DTLS certificate as the phone wires it: its replacement booked on the phone's
 * own timers, which closing the phone cancels, so that a phone closed right after a call took the
 * spare neither waits for that timer nor makes a key pair afterwards; and a WebRTC call makes one
 * key pair, not two, when no spare is ready.
 */
class PhoneSpareCertificateTest {
  private final SecureRandom random = new SecureRandom();
  private final AtomicInteger made = new AtomicInteger();
  private final SpareCertificate.Maker maker =
      at -> {
        made.incrementAndGet();
        return DtlsCertificate.generate(random, Instant.ofEpochMilli(at));
      };

  private PhoneConfig config(FakeTimers timers) {
    return Phone.builder(Identity.generate(random))
        .bootstrap(List.of(new InetSocketAddress("127.0.0.1", 9)))
        .signalingExecutor(timers)
        .listenerExecutor(Runnable::run)
        .build();
  }

  /** On the application's scheduler (never shut down by the phone): the timer is cancelled. */
  @Test
  void closingRightAfterASpareWasTakenCancelsItsReplacementAndMakesNothingAfter() {
    FakeTimers timers = new FakeTimers();
    PhoneConfig config = config(timers);
    SignalingThread thread =
        new SignalingThread(config, RateLimitedLog.tenSeconds(PhoneSpareCertificateTest.class));
    PhoneMedia media =
        PhoneMedia.create(
            config,
            timers::now,
            thread,
            new PhoneMedia.WebParts(new WebWarmUp(stop -> {}, Runnable::run), maker));
    try {
      media.certificates().take();
      assertThat(made).as("the call's own: no spare was ready").hasValue(1);
      CompletableFuture<?> next = media.certificates().spare();
      assertThat(next).as("the replacement, booked").isNotNull().isNotDone();
      assertThat(timers.pending()).as("on the phone's timers").isEqualTo(1);

      media.stopBackground(); // as Phone.close() does, then the thread's shutdown
      thread.shutdown();
      assertThat(timers.pending()).as("the replacement's timer cancelled").isZero();
      assertThat(next).as("never left pending").isDone();
      timers.advanceMillis(SpareCertificate.REPLACE_AFTER.toMillis() * 2);
      assertThat(made).as("no key pair for a closed phone").hasValue(1);
      assertThat(media.certificates().spare()).isNull();
      media.certificates().take();
      assertThat(media.certificates().spare()).as("closed: nothing booked").isNull();
    } finally {
      media.stopClock();
    }
  }

  /** The phone's own scheduler: its close does not wait for the replacement's timer. */
  @Test
  void aPhoneClosedRightAfterASpareWasTakenDoesNotWaitForItsTimer() throws Exception {
    try (PhoneLab lab = new PhoneLab()) {
      Phone phone =
          lab.phone(
              Identity.generate(random),
              b -> b,
              new PhoneMedia.WebParts(new WebWarmUp(stop -> {}, Runnable::run), maker));
      phone.media().certificates().take();
      assertThat(phone.media().certificates().spare()).isNotNull();
      phone.close();
      assertThat(phone.thread().scheduler().isTerminated())
          .as("nothing left on the phone's scheduler when close() returned")
          .isTrue();
      assertThat(phone.media().certificates().spare()).isNull();
    }
  }

  /**
   * A call that finds no spare ready makes its own certificate and books the next for later: the
   * warm-up it starts makes none beside it (one key generation on the first call, not two).
   */
  @Test
  void theFirstCallMakesOneKeyPairAndBooksTheSpareForLater() {
    Queue<Runnable> now = new ArrayDeque<>();
    Queue<Runnable> later = new ArrayDeque<>();
    AtomicInteger warmUps = new AtomicInteger();
    PhoneMedia media =
        new PhoneMedia(
            config(new FakeTimers()),
            new WebWarmUp(stop -> warmUps.incrementAndGet(), Runnable::run),
            new SpareCertificate(
                now::add,
                () -> {},
                (ms, t) -> ms == SpareCertificate.REPLACE_AFTER.toMillis() && later.add(t),
                () -> 1_800_000_000_000L,
                maker));
    try {
      media.certificateForCall();
      assertThat(made).as("the call's own").hasValue(1);
      assertThat(now).as("no spare made beside the call").isEmpty();
      assertThat(later).as("the spare, booked for later").hasSize(1);
      assertThat(warmUps).as("the DTLS warm-up started").hasValue(1);
    } finally {
      media.stopClock();
    }
  }
}
