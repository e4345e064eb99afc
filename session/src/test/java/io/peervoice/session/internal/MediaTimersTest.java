package io.peervoice.session.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.testkit.FakeTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/**
 * The media clock of many calls is one thread: timers add tasks to it, never threads. The frame
 * grid moves once, to the moment {@code tickNowOnce} is called (the peer's first packet), on
 * virtual time.
 */
class MediaTimersTest {

  @Test
  void tickNowOnceRunsAFrameAtOnceAndTheGridGoesOnFromThere() {
    FakeTimers clock = new FakeTimers();
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
    FakeTimers clock = new FakeTimers();
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
  void afterAStallOfOverASecondTheMissedTicksAreSkippedAndTheGridRestartsFromThere() {
    FakeTimers clock = new FakeTimers();
    List<Long> late = new ArrayList<>();
    List<Long> at = new ArrayList<>();
    new MediaTimers(
        clock,
        l -> {
          late.add(l / 1_000_000);
          at.add(clock.nanos() / 1_000_000);
        },
        () -> {},
        clock::nanos);
    clock.advanceMillis(40); // ticks at 0, 20, 40
    clock.stallMillis(3_000); // the machine sleeps: 150 ticks fall due
    clock.advanceMillis(100);
    assertThat(at)
        .as("one late tick, not 150 back to back, then a grid from it")
        .containsExactly(0L, 20L, 40L, 3040L, 3060L, 3080L, 3100L, 3120L, 3140L);
    assertThat(late)
        .as("later ticks read on time, never early")
        .containsExactly(0L, 0L, 0L, 2980L, 0L, 0L, 0L, 0L, 0L);
  }

  @Test
  void aTickOfTheOldGridUnderWayWhenTheGridMovesLeavesTheNewGridOnTime() {
    FakeTimers manual = new FakeTimers();
    List<Runnable> grids = new ArrayList<>();
    List<Long> late = new ArrayList<>();
    MediaTimers timers =
        new MediaTimers(
            new FrameGridRecorder(manual, grids),
            l -> late.add(l / 1_000_000),
            () -> {},
            manual::nanos);
    manual.advanceMillis(59); // ticks at 0, 20, 40
    manual.stallMillis(1); // 60 ms: another clock thread has taken the tick due now ...
    timers.tickNowOnce(); // ... when a receive thread moves the grid ...
    grids.get(0).run(); // ... and only then does that tick run
    manual.advanceMillis(40); // the new grid's ticks: 60, 80, 100
    assertThat(late).containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 0L);
  }

  @Test
  void onALatticeGridsStartOnItsInstantsAndTheTickAtOnceStaysAtOnce() {
    FakeTimers clock = new FakeTimers();
    List<Long> at = new ArrayList<>();
    List<Long> late = new ArrayList<>();
    MediaTimers timers =
        new MediaTimers(
            clock,
            l -> {
              late.add(l / 1_000_000);
              at.add(clock.nanos() / 1_000_000);
            },
            () -> {},
            clock::nanos,
            new TickLattice(5_000_000, 3_000_000));
    clock.advanceMillis(47);
    timers.tickNowOnce();
    clock.advanceMillis(41);
    assertThat(at)
        .as("on 3 + 5k ms: a tick at once at 0 and 47, each then the instant nearest a frame on")
        .containsExactly(0L, 18L, 38L, 47L, 68L, 88L);
    assertThat(late).containsOnly(0L);
  }

  @Test
  void callsStartedAtManyMomentsTickOnAFewSharedInstants() {
    FakeTimers clock = new FakeTimers();
    TickLattice lattice = new TickLattice(5_000_000, 1_000_000);
    Set<Long> instants = new java.util.TreeSet<>();
    Set<Long> unaligned = new java.util.TreeSet<>();
    for (int call = 0; call < 10; call++) {
      new MediaTimers(
          clock, l -> instants.add(clock.nanos() % 20_000_000), () -> {}, clock::nanos, lattice);
      new MediaTimers(
          clock,
          l -> unaligned.add(clock.nanos() % 20_000_000),
          () -> {},
          clock::nanos,
          TickLattice.NONE);
      clock.advanceMillis(3 + call % 4);
    }
    instants.clear(); // the tick at once of each start is where it started: the grids after it
    unaligned.clear();
    clock.advanceMillis(40);
    assertThat(unaligned).hasSize(10);
    assertThat(instants).as("at most 20 / 5 instants a frame").hasSizeLessThanOrEqualTo(4);
  }

  @Test
  void ticksDueAtOneInstantAreEachToldHowLateTheBatchStartedNotTheirPlaceInIt() {
    FakeTimers clock = new FakeTimers();
    long[] busy = {0};
    TickLattice lattice = new TickLattice(20_000_000, 0);
    List<Long> late = new ArrayList<>();
    for (int call = 0; call < 3; call++) {
      new MediaTimers(
          clock,
          l -> {
            late.add(l / 1_000_000);
            busy[0] += 4_000_000; // each tick takes 4 ms
          },
          () -> {},
          () -> clock.nanos() + busy[0],
          lattice);
    }
    clock.advanceMillis(0);
    busy[0] = 0;
    busy[0] = 7_000_000; // the loop comes 7 ms late to the next instant
    clock.advanceMillis(20);
    assertThat(late)
        .as("not 0, 4, 8 and 7, 11, 15: the batch's start")
        .containsExactly(0L, 0L, 0L, 7L, 7L, 7L);
  }

  @Test
  void aTaskRunBetweenTwoTicksOfABatchIsNotHiddenFromTheLaterTicks() {
    FakeTimers clock = new FakeTimers();
    long[] busy = {0};
    boolean[] measuring = {false};
    TickLattice lattice = new TickLattice(20_000_000, 0);
    List<Long> late = new ArrayList<>();
    LongConsumer tick =
        l -> {
          if (measuring[0]) {
            late.add(l / 1_000_000);
            busy[0] += 1_000_000; // each tick takes 1 ms
          }
        };
    new MediaTimers(clock, tick, () -> {}, () -> clock.nanos() + busy[0], lattice);
    clock.advanceMillis(0); // the first call's tick at 20 now comes before the task below
    clock.schedule(
        () -> {
          busy[0] += 10_000_000;
        },
        20,
        TimeUnit.MILLISECONDS); // 10 ms of other work
    for (int call = 0; call < 2; call++) {
      new MediaTimers(clock, tick, () -> {}, () -> clock.nanos() + busy[0], lattice);
    }
    clock.advanceMillis(0);
    measuring[0] = true;
    clock.advanceMillis(20);
    assertThat(late)
        .as("the second and third ticks at 20 ms start 11 and 12 ms late, not 0: a new batch")
        .containsExactly(0L, 11L, 11L);
  }

  @Test
  void aLatticeFindsItsFirstInstantAtOrAfterATime() {
    TickLattice lattice = new TickLattice(5, 3);
    assertThat(lattice.atOrAfter(3)).isEqualTo(3);
    assertThat(lattice.atOrAfter(4)).isEqualTo(8);
    assertThat(lattice.atOrAfter(-4)).isEqualTo(-2);
    assertThat(TickLattice.NONE.atOrAfter(12_345)).isEqualTo(12_345);
    assertThat(TickLattice.fromProperty("0")).isEqualTo(TickLattice.NONE);
    assertThat(TickLattice.fromProperty("20").quantumNanos()).isEqualTo(20_000_000);
    assertThat(TickLattice.fromProperty(null).quantumNanos())
        .isEqualTo(TickLattice.DEFAULT_QUANTUM_NANOS);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TickLattice.fromProperty("21"))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TickLattice.fromProperty("x"))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TickLattice(5, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A clock that also keeps each 20 ms task it schedules, to run one by hand. */
  private static final class FrameGridRecorder extends java.util.concurrent.AbstractExecutorService
      implements java.util.concurrent.ScheduledExecutorService {
    private final FakeTimers clock;
    private final List<Runnable> frameTasks;

    FrameGridRecorder(FakeTimers clock, List<Runnable> frameTasks) {
      this.clock = clock;
      this.frameTasks = frameTasks;
    }

    @Override
    public java.util.concurrent.ScheduledFuture<?> scheduleAtFixedRate(
        Runnable task, long initialDelay, long period, java.util.concurrent.TimeUnit unit) {
      if (unit.toMillis(period) == 20) {
        frameTasks.add(task);
      }
      return clock.scheduleAtFixedRate(task, initialDelay, period, unit);
    }

    @Override
    public java.util.concurrent.ScheduledFuture<?> schedule(
        Runnable task, long delay, java.util.concurrent.TimeUnit unit) {
      return clock.schedule(task, delay, unit);
    }

    @Override
    public <V> java.util.concurrent.ScheduledFuture<V> schedule(
        java.util.concurrent.Callable<V> task, long delay, java.util.concurrent.TimeUnit unit) {
      return clock.schedule(task, delay, unit);
    }

    @Override
    public java.util.concurrent.ScheduledFuture<?> scheduleWithFixedDelay(
        Runnable task, long initialDelay, long delay, java.util.concurrent.TimeUnit unit) {
      return clock.scheduleWithFixedDelay(task, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable task) {
      clock.execute(task);
    }

    @Override
    public void shutdown() {
      clock.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return clock.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return clock.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return clock.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
      return clock.awaitTermination(timeout, unit);
    }
  }

  @Test
  void afterStopTickNowOnceSchedulesNothing() {
    FakeTimers clock = new FakeTimers();
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
