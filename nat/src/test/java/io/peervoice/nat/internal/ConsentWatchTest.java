package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.nat.PathState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The consent watch sets deadlines, and never polls: at most one timer is pending per path. */
class ConsentWatchTest {
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
  private final AtomicLong now = new AtomicLong(100_000);
  private final AtomicLong lastConsent = new AtomicLong(-1);
  private final List<PathState> states = new ArrayList<>();

  {
    scheduler.setRemoveOnCancelPolicy(true);
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private ConsentWatch watch() {
    return new ConsentWatch(
        scheduler,
        new ConsentMonitor(Duration.ofSeconds(6), Duration.ofSeconds(30)),
        lastConsent::get,
        now::get,
        states::add);
  }

  @Test
  void oneDeadlineAtATimeMovedByEachConsent() {
    ConsentWatch watch = watch();
    watch.check();
    assertThat(states).containsExactly(PathState.CONNECTED);
    assertThat(scheduler.getQueue()).hasSize(1);
    assertThat(
            ((java.util.concurrent.Delayed) scheduler.getQueue().peek())
                .getDelay(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isBetween(5_000L, 6_000L);
    for (int i = 1; i <= 5; i++) {
      now.addAndGet(5_000);
      lastConsent.set(now.get());
      watch.check();
    }
    assertThat(scheduler.getQueue()).as("the old deadline is gone with each consent").hasSize(1);
    assertThat(states).containsOnly(PathState.CONNECTED);
  }

  @Test
  void deadlinesReportDisconnectedThenFailedThenStop() {
    ConsentWatch watch = watch();
    watch.check();
    now.addAndGet(6_000);
    watch.check(); // what the deadline runs
    assertThat(states).last().isEqualTo(PathState.DISCONNECTED);
    assertThat(scheduler.getQueue()).hasSize(1);
    now.addAndGet(24_000);
    watch.check();
    assertThat(states).last().isEqualTo(PathState.FAILED);
    assertThat(scheduler.getQueue()).as("nothing after failure").isEmpty();
  }

  @Test
  void stoppingCancelsTheDeadline() {
    ConsentWatch watch = watch();
    watch.check();
    watch.stop();
    watch.check();
    assertThat(scheduler.getQueue()).isEmpty();
    assertThat(states).containsExactly(PathState.CONNECTED);
  }
}
