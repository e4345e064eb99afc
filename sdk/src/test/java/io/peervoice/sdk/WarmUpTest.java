package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.session.dtls.DtlsWarmUp;
import io.peervoice.signaling.Identity;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The warm-up's two background tasks and when it tells the phone that set-up is warm. */
class WarmUpTest {
  private final CompletableFuture<Void> setUpDone = new CompletableFuture<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Set<String> threads = ConcurrentHashMap.newKeySet();

  @Test
  void bothTasksRunOffTheCallersThreadAndSetUpWaitsForTheSignallingPath() throws Exception {
    CountDownLatch releaseSignaling = new CountDownLatch(1);
    CountDownLatch releaseMedia = new CountDownLatch(1);
    CountDownLatch iceWarm = new CountDownLatch(1);
    WarmUp.inBackground(
        setUp -> {
          threads.add(Thread.currentThread().getName());
          setUp.run();
          iceWarm.countDown();
          await(releaseMedia);
        },
        setUp -> {
          threads.add(Thread.currentThread().getName());
          await(releaseSignaling);
        },
        setUpDone,
        done);
    assertThat(iceWarm.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(setUpDone).isNotDone(); // the signalling path is still running
    releaseSignaling.countDown();
    setUpDone.get(10, TimeUnit.SECONDS);
    assertThat(done).isNotDone(); // the media path goes on after set-up is warm
    releaseMedia.countDown();
    done.get(10, TimeUnit.SECONDS);
    assertThat(threads)
        .containsExactlyInAnyOrder("peervoice-warm-up", "peervoice-warm-up-signaling")
        .doesNotContain(Thread.currentThread().getName());
  }

  @Test
  void attachedDoesNotWaitForTheMediaPath() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    WarmUp.inBackground(
        setUp -> {
          setUp.run();
          await(never);
        },
        setUp -> {},
        setUpDone,
        done);
    setUpDone.get(10, TimeUnit.SECONDS);
    assertThat(done).isNotDone();
    never.countDown();
    done.get(10, TimeUnit.SECONDS);
  }

  /**
   * S8 setup: the media path runs on the signalling thread once its set-up part is done, beside
   * ICE's warm-up rather than after it (where it overlapped the command line's first dial):
   * attached still does not wait for it, ready does.
   */
  @Test
  void attachedDoesNotWaitForTheMediaPathAfterTheSignallingPath() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch mediaStarted = new CountDownLatch(1);
    WarmUp.inBackground(
        Runnable::run,
        setUp -> {
          setUp.run();
          mediaStarted.countDown();
          await(never);
        },
        setUpDone,
        done);
    setUpDone.get(10, TimeUnit.SECONDS);
    assertThat(mediaStarted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(done).isNotDone();
    never.countDown();
    done.get(10, TimeUnit.SECONDS);
  }

  @Test
  void failedTasksStillCompleteBoth() throws Exception {
    WarmUp.inBackground(
        setUp -> {
          throw new IllegalStateException("no ICE here");
        },
        setUp -> {
          throw new IllegalStateException("no crypto here");
        },
        setUpDone,
        done);
    setUpDone.get(10, TimeUnit.SECONDS);
    done.get(10, TimeUnit.SECONDS);
  }

  /**
   * S7 lean: a phone's start leaves DTLS cold (Bouncy Castle's TLS code is neither loaded nor run
   * while the phone gets ready); its first WebRTC call runs the warm-up handshake, on the caller at
   * its dial and on the callee when the browser's offer rings, so that each call's own handshake
   * after the answer runs warm. The callee never answers: ringing alone starts it.
   */
  @Test
  void dtlsWarmsUpAtEachPhonesFirstWebRtcCallNotAtStart() throws Exception {
    SecureRandom random = new SecureRandom();
    long before = DtlsWarmUp.handshakes();
    try (PhoneLab lab = new PhoneLab()) {
      Phone alice = lab.phone(Identity.generate(random), b -> b);
      Phone bob = lab.phone(Identity.generate(random), b -> b);
      CompletableFuture.allOf(alice.ready(), bob.ready()).get(60, TimeUnit.SECONDS);
      assertThat(DtlsWarmUp.handshakes())
          .as("handshakes while the phones got ready")
          .isEqualTo(before);
      assertThat(alice.media().webWarmUp().started()).isFalse();
      assertThat(bob.media().webWarmUp().started()).isFalse();

      Call call = alice.callWebRtc(bob.id());
      alice.media().webWarmUp().done().get(60, TimeUnit.SECONDS);
      bob.media().webWarmUp().done().get(60, TimeUnit.SECONDS);
      assertThat(DtlsWarmUp.handshakes()).isEqualTo(before + 2);
      assertThat(bob.calls()).singleElement().satisfies(c -> assertThat(c.webRtc()).isTrue());
      call.hangup();
    }
  }

  /** S7 lean: however many WebRTC calls start, and from whatever threads, one handshake runs. */
  @Test
  void theDtlsWarmUpRunsOnce() throws Exception {
    java.util.concurrent.atomic.AtomicInteger made =
        new java.util.concurrent.atomic.AtomicInteger();
    WebWarmUp warmUp =
        new WebWarmUp(
            r -> {
              made.incrementAndGet();
              Thread t = new Thread(r, "dtls-warm-up-test");
              t.setDaemon(true);
              return t;
            });
    long before = DtlsWarmUp.handshakes();
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 3; i++) {
      CompletableFuture.runAsync(() -> warmUp.start(random)).get(10, TimeUnit.SECONDS);
      warmUp.start(random);
    }
    warmUp.done().get(60, TimeUnit.SECONDS);
    assertThat(made).hasValue(1);
    assertThat(warmUp.started()).isTrue();
    assertThat(DtlsWarmUp.handshakes()).isEqualTo(before + 1);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
