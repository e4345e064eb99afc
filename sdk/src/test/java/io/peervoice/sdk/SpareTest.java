package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * S20: what a spare holds is released whenever no call takes it (stale, discarded, made while or
 * after the phone closed), never twice and never once a call took it; on executors run by hand and
 * a wall clock set by hand ({@link SpareCertificateTest} covers taking).
 */
class SpareTest {
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private final Queue<Runnable> later = new ArrayDeque<>();
  private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
  private final AtomicInteger serial = new AtomicInteger();
  private final List<String> discarded = new CopyOnWriteArrayList<>();
  private final Spare<?>[] spareRef = new Spare<?>[1];
  private final Spare<String> spare =
      new Spare<>(
          "test",
          tasks::add,
          () -> {},
          later::add,
          now::get,
          Duration.ofMinutes(30),
          at -> "spare-" + serial.incrementAndGet(),
          discarded::add);

  @Test
  void aTakenSpareIsTheCallersAndAStaleOneIsReleased() {
    spare.prepare();
    tasks.poll().run();
    assertThat(spare.takeReady()).isEqualTo("spare-1");
    later.poll().run();
    tasks.poll().run();
    now.addAndGet(Duration.ofMinutes(30).toMillis() + 1);
    assertThat(spare.takeReady()).as("too old").isNull();
    assertThat(discarded).as("released, the taken one not").containsExactly("spare-2");
    assertThat(later).as("the next booked").hasSize(1);
  }

  @Test
  void discardingReleasesTheReadySpareAndBooksTheNextLater() {
    spare.prepare();
    tasks.poll().run();
    spare.discard();
    assertThat(discarded).containsExactly("spare-1");
    assertThat(tasks).as("not at once").isEmpty();
    later.poll().run();
    tasks.poll().run();
    assertThat(spare.takeReady()).isEqualTo("spare-2");
    assertThat(discarded).hasSize(1);
  }

  /** The network changed while a spare was being made: that one is released, not handed out. */
  @Test
  void aSpareUnderWayWhenDiscardedIsNeverHandedOut() {
    spare.prepare();
    Runnable underWay = tasks.poll();
    spare.discard();
    underWay.run();
    assertThat(serial).as("not made at all").hasValue(0);
    later.poll().run();
    tasks.poll().run();
    assertThat(spare.takeReady()).isEqualTo("spare-1");
  }

  @Test
  void aSpareFinishedAfterTheDiscardIsReleased() {
    Spare<String> slow =
        new Spare<>(
            "test",
            tasks::add,
            () -> {},
            later::add,
            now::get,
            Duration.ofMinutes(30),
            at -> {
              String made = "slow-" + serial.incrementAndGet();
              if (serial.get() == 1) {
                spareRef[0].discard(); // the network changes while it is made
              }
              return made;
            },
            discarded::add);
    spareRef[0] = slow;
    slow.prepare();
    tasks.poll().run();
    assertThat(discarded).as("made after the discard: released").containsExactly("slow-1");
    assertThat(slow.takeReady()).as("nothing ready, the next booked").isNull();
  }

  @Test
  void closingReleasesTheReadySpareOnceAndMakesNoneAfter() {
    AtomicInteger stops = new AtomicInteger();
    Spare<String> s =
        new Spare<>(
            "test",
            tasks::add,
            stops::incrementAndGet,
            later::add,
            now::get,
            Duration.ofMinutes(30),
            at -> "spare-" + serial.incrementAndGet(),
            discarded::add);
    s.prepare();
    tasks.poll().run();
    s.close();
    s.close();
    assertThat(discarded).containsExactly("spare-1");
    assertThat(stops).as("the executor released").hasPositiveValue();
    s.prepare();
    s.prepareLater();
    assertThat(s.takeReady()).isNull();
    assertThat(tasks).isEmpty();
    assertThat(later).isEmpty();
  }

  @Test
  void preparingLaterBooksOnTheDelayOnlyOnce() {
    spare.prepareLater();
    spare.prepareLater();
    spare.prepare();
    assertThat(later).hasSize(1);
    assertThat(tasks).isEmpty();
    later.poll().run();
    tasks.poll().run();
    assertThat(spare.takeReady()).isEqualTo("spare-1");
  }

  @Test
  void aFailedSpareLeavesTheCallItsOwnAndBooksTheNext() {
    Spare<String> failing =
        new Spare<>(
            "test",
            tasks::add,
            () -> {},
            later::add,
            now::get,
            Duration.ofMinutes(30),
            at -> {
              throw new java.io.IOException("no address");
            },
            discarded::add);
    failing.prepare();
    tasks.poll().run();
    assertThat(failing.takeReady()).isNull();
    assertThat(later).hasSize(1);
    assertThat(discarded).isEmpty();
  }
}
