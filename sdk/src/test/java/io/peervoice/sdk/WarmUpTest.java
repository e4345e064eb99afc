package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.session.dtls.DtlsWarmUp;
import io.peervoice.signaling.Identity;
import io.peervoice.signaling.call.CallState;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
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
   * S7 lean, S8: a phone's start leaves DTLS cold (no warm-up handshake, no key pair while the
   * phone gets ready); the first WebRTC call starts the warm-up handshake, once for all the phones
   * that share it (what it warms is the JVM's), and each phone's spare certificate. The callee
   * never answers: ringing alone starts its spare. The phones get a fresh warm-up and certificate
   * makers of their own, so that what other tests of this JVM ran does not count.
   */
  @Test
  void dtlsWarmsUpOnceAtTheFirstWebRtcCallNotAtStart() throws Exception {
    SecureRandom random = new SecureRandom();
    AtomicInteger handshakes = new AtomicInteger();
    java.util.concurrent.ExecutorService pool =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "dtls-warm-up-test"));
    WebWarmUp warmUp =
        new WebWarmUp(
            stop -> {
              DtlsWarmUp.run(random);
              handshakes.incrementAndGet();
            },
            pool);
    AtomicInteger aliceKeys = new AtomicInteger();
    AtomicInteger bobKeys = new AtomicInteger();
    try (PhoneLab lab = new PhoneLab()) {
      Phone alice = lab.phone(Identity.generate(random), b -> b, web(warmUp, aliceKeys, random));
      Phone bob = lab.phone(Identity.generate(random), b -> b, web(warmUp, bobKeys, random));
      CompletableFuture.allOf(alice.ready(), bob.ready()).get(60, TimeUnit.SECONDS);
      assertThat(warmUp.started()).as("started while the phones got ready").isFalse();
      assertThat(aliceKeys.get() + bobKeys.get()).as("key pairs made at start").isZero();

      Call call = alice.callWebRtc(bob.id());
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(warmUp::started); // the call did
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> bob.media().certificates().spare() != null);
      assertThat(bob.calls()).singleElement().satisfies(c -> assertThat(c.webRtc()).isTrue());
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> handshakes.get() >= 1);
      assertThat(handshakes).as("one handshake for both phones").hasValue(1);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> alice.media().certificates().counts()[0] >= 1);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> bob.media().certificates().counts()[0] >= 1);
      call.hangup();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * S17: a WebRTC call's own DTLS handshake makes the process's warm-up yield (begin no more
   * handshakes beside it); ringing alone does not, since a person takes seconds to answer and the
   * warm-up is what makes that answer's handshake quick.
   */
  @Test
  void aWebRtcCallsOwnHandshakeMakesTheWarmUpYieldRingingDoesNot() throws Exception {
    SecureRandom random = new SecureRandom();
    WebWarmUp warmUp = new WebWarmUp(stop -> {}, Runnable::run);
    try (PhoneLab lab = new PhoneLab()) {
      Phone alice =
          lab.phone(Identity.generate(random), b -> b, web(warmUp, new AtomicInteger(), random));
      Phone bob =
          lab.phone(Identity.generate(random), b -> b, web(warmUp, new AtomicInteger(), random));
      CompletableFuture.allOf(alice.ready(), bob.ready()).get(60, TimeUnit.SECONDS);
      Call call = alice.callWebRtc(bob.id());
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> bob.calls().size() == 1);
      Call incoming = bob.calls().get(0);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> incoming.state() == CallState.RINGING);
      assertThat(warmUp.started()).as("the call started the warm-up").isTrue();
      assertThat(warmUp.yielded()).as("ringing, no handshake yet").isFalse();
      incoming.answer();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> call.stats().answerToFirstAudioMillis() >= 0);
      assertThat(warmUp.yielded()).as("the call's handshake ran").isTrue();
      call.hangup();
    }
  }

  /** S17: the task's stop says true from the moment a call's handshake starts, not before. */
  @Test
  void theWarmUpsStopFollowsTheCallsHandshake() throws Exception {
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch proceed = new java.util.concurrent.CountDownLatch(1);
    java.util.List<Boolean> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      WebWarmUp warmUp =
          new WebWarmUp(
              stop -> {
                seen.add(stop.getAsBoolean());
                entered.countDown();
                try {
                  proceed.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                seen.add(stop.getAsBoolean());
              },
              pool);
      CompletableFuture<Void> run = warmUp.start();
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      warmUp.yieldToCall();
      proceed.countDown();
      run.get(10, TimeUnit.SECONDS);
      assertThat(seen).containsExactly(false, true);
    } finally {
      pool.shutdownNow();
    }
  }

  private static PhoneMedia.WebParts web(WebWarmUp warmUp, AtomicInteger keys, SecureRandom r) {
    SpareCertificate.Maker generating = SpareCertificate.Maker.generating(r);
    return new PhoneMedia.WebParts(
        warmUp,
        at -> {
          keys.incrementAndGet();
          return generating.make(at);
        });
  }

  /**
   * S8: however many times and from whatever threads the warm-up is asked for, its task runs once,
   * on the injected executor, and every caller gets the same completion.
   */
  @Test
  void theDtlsWarmUpRunsOnceOnItsExecutor() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger submitted = new AtomicInteger();
    Set<String> ranOn = ConcurrentHashMap.newKeySet();
    java.util.concurrent.ExecutorService pool =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "dtls-warm-up-test"));
    try {
      WebWarmUp warmUp =
          new WebWarmUp(
              stop -> {
                runs.incrementAndGet();
                ranOn.add(Thread.currentThread().getName());
              },
              task -> {
                submitted.incrementAndGet();
                pool.execute(task);
              });
      assertThat(warmUp.started()).isFalse();
      Set<CompletableFuture<Void>> runsSeen = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < 3; i++) {
        runsSeen.add(CompletableFuture.supplyAsync(warmUp::start).get(10, TimeUnit.SECONDS));
        runsSeen.add(warmUp.start());
      }
      assertThat(runsSeen).hasSize(1);
      runsSeen.iterator().next().get(10, TimeUnit.SECONDS);
      assertThat(runs).hasValue(1);
      assertThat(submitted).hasValue(1);
      assertThat(ranOn).containsExactly("dtls-warm-up-test");
      assertThat(warmUp.started()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * S8: a failed warm-up reaches whoever asked ({@link Phone#warmUpWebRtc()}), and is not run
   * again.
   */
  @Test
  void aFailedWarmUpIsSurfacedAndNotRetried() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    WebWarmUp warmUp =
        new WebWarmUp(
            stop -> {
              runs.incrementAndGet();
              throw new java.io.IOException("no TLS here");
            },
            Runnable::run);
    try (PhoneLab lab = new PhoneLab()) {
      SecureRandom random = new SecureRandom();
      Phone phone =
          lab.phone(
              Identity.generate(random),
              b -> b,
              new PhoneMedia.WebParts(warmUp, SpareCertificate.Maker.generating(random)));
      assertThat(phone.warmUpWebRtc().toCompletableFuture())
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withMessageContaining("no TLS here");
      assertThat(phone.warmUpWebRtc().toCompletableFuture()).isCompletedExceptionally();
    }
    assertThat(warmUp.start()).isCompletedExceptionally();
    assertThat(runs).hasValue(1);

    WebWarmUp refused =
        new WebWarmUp(
            stop -> runs.incrementAndGet(),
            task -> {
              throw new java.util.concurrent.RejectedExecutionException("shut down");
            });
    assertThat(refused.start()).isCompletedExceptionally();
    assertThat(runs).hasValue(1);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
