package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.RateLimitedLog;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The phone's executors without a network: its own threads are shut down on close, the
 * application's are used as given and left running, tasks run one at a time in order even on a
 * pool, and what a task or a listener throws is logged, never lost.
 */
class SignalingThreadTest {
  private final RateLimitedLog warnings = RateLimitedLog.tenSeconds(SignalingThreadTest.class);

  private static PhoneConfig.Builder config() {
    return Phone.builder(Identity.generate(new SecureRandom()))
        .bootstrap(List.of(new InetSocketAddress("127.0.0.1", 9)));
  }

  /** The thread {@code thread}'s signaling and listener executors run on. */
  private static Thread[] threads(SignalingThread thread) throws InterruptedException {
    AtomicReference<Thread> signaling = new AtomicReference<>();
    AtomicReference<Thread> events = new AtomicReference<>();
    CountDownLatch both = new CountDownLatch(2);
    thread.execute(
        () -> {
          signaling.set(Thread.currentThread());
          both.countDown();
        });
    thread.dispatch(
        () -> {
          events.set(Thread.currentThread());
          both.countDown();
        });
    assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
    return new Thread[] {signaling.get(), events.get()};
  }

  /** A task or callback with a bug: it throws {@code message}. */
  private static Runnable throwing(String message) {
    return () -> {
      throw new IllegalStateException(message);
    };
  }

  @Test
  void itsOwnThreadsAreNamedAndShutDownOnClose() throws Exception {
    SignalingThread thread = new SignalingThread(config().build(), warnings);
    Thread[] used = threads(thread);
    assertThat(used[0].getName()).isEqualTo("peervoice-signaling");
    assertThat(used[1].getName()).isEqualTo("peervoice-events");

    thread.shutdown();

    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(used[0].isAlive()).isFalse();
              assertThat(used[1].isAlive()).isFalse();
            });
    Assertions.assertThatThrownBy(() -> thread.call(() -> 1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void injectedExecutorsAreUsedAsGivenAndNotShutDown() throws Exception {
    ScheduledExecutorService signaling =
        Executors.newScheduledThreadPool(1, SignalingThread.daemon("app-signaling"));
    ExecutorService listeners =
        Executors.newSingleThreadExecutor(SignalingThread.daemon("app-listeners"));
    try {
      SignalingThread thread =
          new SignalingThread(
              config().signalingExecutor(signaling).listenerExecutor(listeners).build(), warnings);
      Thread[] used = threads(thread);
      assertThat(used[0].getName()).isEqualTo("app-signaling");
      assertThat(used[1].getName()).isEqualTo("app-listeners");
      assertThat(thread.scheduler()).isSameAs(signaling);

      thread.timers(null).schedule(60_000, () -> {});
      assertThat(((ScheduledThreadPoolExecutor) signaling).getQueue()).hasSize(1);

      thread.shutdown();

      assertThat(((ScheduledThreadPoolExecutor) signaling).getQueue())
          .as("our timers do not outlive the phone on the application's scheduler")
          .allMatch(task -> ((Future<?>) task).isCancelled());
      assertThat(signaling.isShutdown()).isFalse();
      assertThat(listeners.isShutdown()).isFalse();
      assertThat(listeners.submit(() -> 7).get(5, TimeUnit.SECONDS)).isEqualTo(7);
      assertThat(used[0].isAlive()).isTrue();
    } finally {
      signaling.shutdownNow();
      listeners.shutdownNow();
    }
  }

  @Test
  void onAPoolTasksStillRunOneAtATimeInOrder() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      SerialExecutor serial = new SerialExecutor(pool, "test");
      List<Integer> order = new ArrayList<>(); // unsynchronised on purpose: serial hands over
      AtomicInteger inside = new AtomicInteger();
      AtomicInteger overlaps = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(1);
      for (int i = 0; i < 2_000; i++) {
        int n = i;
        serial.execute(
            () -> {
              if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
              }
              order.add(n);
              inside.decrementAndGet();
              if (n == 1_999) {
                done.countDown();
              }
            });
        if (i % 500 == 0) {
          serial.execute(
              () -> {
                throw new IllegalStateException("a failing task does not stop the queue");
              });
        }
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(overlaps.get()).isZero();
      assertThat(order).hasSize(2_000).isSorted();

      serial.close();
      Assertions.assertThatThrownBy(() -> serial.execute(() -> {}))
          .isInstanceOf(RejectedExecutionException.class);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * S20: a task booked with no delay runs even when the timer runs it before {@code after} has
   * remembered it (it was lost before: the timer's task failed on that race, silently).
   */
  @Test
  void aTaskBookedWithNoDelayAlwaysRuns() throws Exception {
    SignalingThread thread = new SignalingThread(config().build(), warnings);
    try {
      int tasks = 500;
      CountDownLatch ran = new CountDownLatch(tasks);
      for (int i = 0; i < tasks; i++) {
        assertThat(thread.after(0, ran::countDown)).isTrue();
      }
      assertThat(ran.await(10, TimeUnit.SECONDS)).as("%d lost", ran.getCount()).isTrue();
    } finally {
      thread.shutdown();
    }
  }

  @Test
  void aThrowingListenerIsLoggedAndTheNextCallbackRuns() throws Exception {
    SignalingThread thread = new SignalingThread(config().build(), warnings);
    try (LogCapture logs = new LogCapture()) {
      CountDownLatch next = new CountDownLatch(1);
      thread.dispatch(throwing("listener bug"));
      thread.dispatch(next::countDown);
      assertThat(next.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(logs.lines()).anyMatch(l -> l.contains("listener bug"));
    } finally {
      thread.shutdown();
    }
  }

  @Test
  void aTaskOfNoCallThatThrowsIsLoggedAndCounted() throws Exception {
    SignalingThread thread = new SignalingThread(config().build(), warnings);
    try (LogCapture logs = new LogCapture()) {
      thread.execute(throwing("stray failure"));
      assertThat(thread.call(() -> thread.failures())).isEqualTo(1);
      assertThat(logs.lines()).anyMatch(l -> l.contains("stray failure"));
    } finally {
      thread.shutdown();
    }
  }
}
