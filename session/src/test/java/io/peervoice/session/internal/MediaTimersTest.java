package io.peervoice.session.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.session.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The media clock of many calls is one thread: timers add tasks to it, never threads. The frame
 * grid moves once, to the moment {@code tickNowOnce} is called (the peer's first packet), on
 * virtual time.
 */
class MediaTimersTest {

  @Test
  void tickNowOnceRunsAFrameAtOnceAndTheGridGoesOnFromThere() {
    ManualClock clock = new ManualClock();
    List<Long> frames = new ArrayList<>();
    MediaTimers timers =
        new MediaTimers(clock, () -> frames.add(clock.nanos() / 1_000_000), () -> {});
    clock.advanceMillis(47);
    assertThat(frames).containsExactly(0L, 20L, 40L);
    timers.tickNowOnce();
    clock.advanceMillis(0);
    assertThat(frames).as("a tick at once").containsExactly(0L, 20L, 40L, 47L);
    clock.advanceMillis(50);
    assertThat(frames).as("then every 20 ms from it").endsWith(47L, 67L, 87L).hasSize(6);
    timers.tickNowOnce();
    clock.advanceMillis(20);
    assertThat(frames).as("once only").endsWith(87L, 107L).hasSize(7);
  }

  @Test
  void eachFrameTickIsToldHowLateItRunsOnTheGrid() {
    ManualClock clock = new ManualClock();
    long[] stall = {0};
    List<Long> late = new ArrayList<>();
    new MediaTimers(clock, l -> late.add(l / 1_000_000), () -> {}, () -> clock.nanos() + stall[0]);
    clock.advanceMillis(40); // ticks at 0, 20, 40: on time
    stall[0] = 15_000_000L; // from now on each tick runs 15 ms late
    clock.advanceMillis(40);
    stall[0] = 3_000_000_000L; // a 3 s stall (a suspended machine): told once, then a new grid
    clock.advanceMillis(40);
    assertThat(late).containsExactly(0L, 0L, 0L, 15L, 15L, 3000L, 0L);
  }

  @Test
  void afterStopTickNowOnceSchedulesNothing() {
    ManualClock clock = new ManualClock();
    AtomicInteger frames = new AtomicInteger();
    AtomicInteger released = new AtomicInteger();
    MediaTimers timers = new MediaTimers(clock, frames::incrementAndGet, () -> {});
    clock.advanceMillis(30);
    timers.stop(released::incrementAndGet);
    timers.tickNowOnce();
    timers.stop(released::incrementAndGet);
    clock.advanceMillis(100);
    assertThat(frames).hasValue(2);
    assertThat(released).as("released once").hasValue(1);
    assertThat(clock.pending()).isZero();
  }

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
