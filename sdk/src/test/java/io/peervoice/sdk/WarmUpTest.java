package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.session.dtls.DtlsWarmUp;
import io.peervoice.signaling.Identity;
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
   * S7 lean, S8: a phone's start leaves DTLS cold (Bouncy Castle's TLS code is neither loaded nor
   * run while the phone gets ready); the process's first WebRTC call runs the warm-up handshake,
   * once for all its phones (what it warms is the JVM's), and starts the phones' spare
   * certificates. The callee never answers: ringing alone starts its spare. Other tests of this JVM
   * may have run the process's warm-up already: then no handshake at all.
   */
  @Test
  void dtlsWarmsUpOncePerProcessAtTheFirstWebRtcCallNotAtStart() throws Exception {
    SecureRandom random = new SecureRandom();
    boolean ranBefore = WebWarmUp.process().started();
    long before = DtlsWarmUp.handshakes();
    try (PhoneLab lab = new PhoneLab()) {
      Phone alice = lab.phone(Identity.generate(random), b -> b);
      Phone bob = lab.phone(Identity.generate(random), b -> b);
      CompletableFuture.allOf(alice.ready(), bob.ready()).get(60, TimeUnit.SECONDS);
      assertThat(DtlsWarmUp.handshakes())
          .as("handshakes while the phones got ready")
          .isEqualTo(before);
      assertThat(WebWarmUp.process().started()).isEqualTo(ranBefore);
      assertThat(alice.media().webWarmUp()).isSameAs(bob.media().webWarmUp());

      Call call = alice.callWebRtc(bob.id());
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> bob.calls().size() == 1);
      alice.warmUpWebRtc().toCompletableFuture().get(60, TimeUnit.SECONDS);
      bob.warmUpWebRtc().toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertThat(DtlsWarmUp.handshakes()).isEqualTo(before + (ranBefore ? 0 : 1));
      assertThat(bob.calls()).singleElement().satisfies(c -> assertThat(c.webRtc()).isTrue());
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> alice.media().certificates().counts()[0] >= 1);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> bob.media().certificates().counts()[0] >= 1);
      call.hangup();
    }
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
              () -> {
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

  /** S8: a failed warm-up reaches whoever asked, and is not run again. */
  @Test
  void aFailedWarmUpIsSurfacedAndNotRetried() {
    AtomicInteger runs = new AtomicInteger();
    WebWarmUp warmUp =
        new WebWarmUp(
            () -> {
              runs.incrementAndGet();
              throw new java.io.IOException("no TLS here");
            },
            Runnable::run);
    assertThat(warmUp.startForApplication().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withMessageContaining("no TLS here");
    assertThat(warmUp.start()).isCompletedExceptionally();
    assertThat(runs).hasValue(1);

    WebWarmUp refused =
        new WebWarmUp(
            runs::incrementAndGet,
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
