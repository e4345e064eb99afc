package io.peervoice.session.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The media clock of many calls is one thread: timers add tasks to it, never threads. */
class MediaTimersTest {

  @Test
  void manyCallsTickOnTheOneMediaClockThread() {
    AtomicInteger threadsMade = new AtomicInteger();
    ScheduledThreadPoolExecutor clock =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              threadsMade.incrementAndGet();
              Thread t = new Thread(r, "test-media-clock");
              t.setDaemon(true);
              return t;
            });
    clock.setRemoveOnCancelPolicy(true); // as the phone's own media clock
    int calls = 50;
    Set<Thread> tickThreads = ConcurrentHashMap.newKeySet();
    AtomicInteger[] frames = new AtomicInteger[calls];
    List<MediaTimers> timers = new ArrayList<>();
    try {
      for (int i = 0; i < calls; i++) {
        AtomicInteger count = frames[i] = new AtomicInteger();
        timers.add(
            new MediaTimers(
                clock,
                () -> {
                  tickThreads.add(Thread.currentThread());
                  count.incrementAndGet();
                },
                () -> tickThreads.add(Thread.currentThread())));
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> java.util.Arrays.stream(frames).allMatch(f -> f.get() >= 3));
      assertThat(threadsMade).hasValue(1);
      assertThat(tickThreads).hasSize(1);
      AtomicInteger released = new AtomicInteger();
      timers.forEach(t -> t.stop(released::incrementAndGet));
      assertThat(released).hasValue(calls);
      assertThat(clock.getQueue()).as("stopped timers leave no task behind").isEmpty();
    } finally {
      clock.shutdownNow();
    }
  }
}
