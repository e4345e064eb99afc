package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.session.dtls.DtlsWarmUp;
import io.peervoice.signaling.Identity;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
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
        () -> {
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
        () -> {},
        setUpDone,
        done);
    setUpDone.get(10, TimeUnit.SECONDS);
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
        () -> {
          throw new IllegalStateException("no crypto here");
        },
        setUpDone,
        done);
    setUpDone.get(10, TimeUnit.SECONDS);
    done.get(10, TimeUnit.SECONDS);
  }

  /**
   * S6 wrtc2: a phone's warm-up leaves DTLS warm (one handshake in memory), so the first call with
   * a browser does not pay the JVM's first handshake. The bootstrap node stays silent: the warm-up
   * runs whether or not the phone attaches.
   */
  @Test
  void aPhonesWarmUpRunsADtlsHandshake() throws Exception {
    long before = DtlsWarmUp.handshakes();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(loopback, 0));
        Phone phone =
            Phone.start(
                Phone.builder(Identity.generate(new SecureRandom()))
                    .bootstrap(List.of(new InetSocketAddress(loopback, silent.getLocalPort())))
                    .overlayAddress(new InetSocketAddress(loopback, 0))
                    .build())) {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(60))
          .until(() -> DtlsWarmUp.handshakes() > before);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
