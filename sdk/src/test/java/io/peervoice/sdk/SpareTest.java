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
 * S20: what a spare holds is released whenever no call takes it (stale, discarded, renewed at its
 * maximum age, made while or after the phone closed), never twice and never once a call took it,
 * and released on the executor, not by the caller (a port's close may block); on executors run by
 * hand and a wall clock set by hand ({@link SpareCertificateTest} covers taking).
 */
class SpareTest {
  private static final Duration REPLACE = Duration.ofSeconds(5);
  private static final Duration MAX_AGE = Duration.ofMinutes(30);
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private final Queue<Runnable> later = new ArrayDeque<>(); // replacements after a take
  private final Queue<Runnable> renewals = new ArrayDeque<>(); // at the maximum age
  private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
  private final AtomicInteger serial = new AtomicInteger();
  private final List<String> discarded = new CopyOnWriteArrayList<>();
  private final Spare<?>[] spareRef = new Spare<?>[1];
  private final Spare<String> spare = spare(at -> "spare-" + serial.incrementAndGet(), () -> {});

  private boolean book(long millis, Runnable task) {
    return (millis == REPLACE.toMillis() ? later : millis == MAX_AGE.toMillis() ? renewals : null)
        .add(task);
  }

  private Spare<String> spare(Spare.Maker<String> maker, Runnable stop) {
    return new Spare<>(
        "test", tasks::add, stop, this::book, now::get, REPLACE, MAX_AGE, maker, discarded::add);
  }

  private void runTasks() {
    while (!tasks.isEmpty()) {
      tasks.poll().run();
    }
  }

  @Test
  void aTakenSpareIsTheCallersAndAStaleOneIsReleasedOnTheExecutor() {
    spare.prepare();
    runTasks();
    assertThat(spare.takeReady()).isEqualTo("spare-1");
    later.poll().run();
    runTasks();
    now.addAndGet(MAX_AGE.toMillis() + 1);
    assertThat(spare.takeReady()).as("too old").isNull();
    assertThat(discarded).as("not by the caller").isEmpty();
    runTasks();
    assertThat(discarded).as("released, the taken one not").containsExactly("spare-2");
    assertThat(later).as("the next booked").hasSize(1);
  }

  @Test
  void discardingReleasesTheReadySpareAndBooksTheNextLater() {
    spare.prepare();
    runTasks();
    spare.discard();
    runTasks();
    assertThat(discarded).containsExactly("spare-1");
    assertThat(serial).as("the next not at once").hasValue(1);
    later.poll().run();
    runTasks();
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
    runTasks();
    assertThat(spare.takeReady()).isEqualTo("spare-1");
  }

  @Test
  void aSpareFinishedAfterTheDiscardIsReleased() {
    Spare<String> slow =
        spare(
            at -> {
              String made = "slow-" + serial.incrementAndGet();
              if (serial.get() == 1) {
                spareRef[0].discard(); // the network changes while it is made
              }
              return made;
            },
            () -> {});
    spareRef[0] = slow;
    slow.prepare();
    runTasks();
    assertThat(discarded).as("made after the discard: released").containsExactly("slow-1");
    assertThat(slow.takeReady()).as("nothing ready, the next booked").isNull();
  }

  /** A spare nobody took for its maximum age is replaced: an idle phone keeps a fresh one. */
  @Test
  void anUntakenSpareIsRenewedAtItsMaximumAge() {
    spare.prepare();
    runTasks();
    assertThat(renewals).hasSize(1);
    now.addAndGet(MAX_AGE.toMillis());
    renewals.poll().run();
    runTasks();
    assertThat(discarded).containsExactly("spare-1");
    assertThat(spare.takeReady()).isEqualTo("spare-2");
    renewals.poll().run(); // spare-2's renewal, after it was taken: nothing
    runTasks();
    assertThat(discarded).containsExactly("spare-1");
    assertThat(serial).hasValue(2);
  }

  @Test
  void closingReleasesTheReadySpareAtOnceAndMakesNoneAfter() {
    AtomicInteger stops = new AtomicInteger();
    Spare<String> s = spare(at -> "spare-" + serial.incrementAndGet(), stops::incrementAndGet);
    s.prepare();
    runTasks();
    s.close();
    assertThat(discarded).as("at once: the executor stops next").containsExactly("spare-1");
    s.close();
    assertThat(discarded).hasSize(1);
    assertThat(stops).as("the executor released").hasPositiveValue();
    assertThat(s.prepare()).isDone();
    s.prepareLater();
    assertThat(s.takeReady()).isNull();
    assertThat(tasks).isEmpty();
    assertThat(later).isEmpty();
    renewals.poll().run(); // a renewal timer the phone did not cancel
    assertThat(tasks).isEmpty();
  }

  @Test
  void preparingLaterBooksOnTheDelayOnlyOnce() {
    spare.prepareLater();
    spare.prepareLater();
    spare.prepare();
    assertThat(later).hasSize(1);
    assertThat(tasks).isEmpty();
    later.poll().run();
    runTasks();
    assertThat(spare.takeReady()).isEqualTo("spare-1");
  }

  @Test
  void aFailedSpareLeavesTheCallItsOwnAndBooksTheNext() {
    Spare<String> failing =
        spare(
            at -> {
              throw new java.io.IOException("no address");
            },
            () -> {});
    assertThat(failing.prepare()).isNotDone();
    runTasks();
    assertThat(failing.takeReady()).isNull();
    assertThat(later).hasSize(1);
    assertThat(discarded).isEmpty();
  }

  /**
   * An Error (a native library that would not load) must not leave the spare under way for ever.
   */
  @Test
  void anErrorCompletesTheSpareToo() {
    Spare<String> broken =
        spare(
            at -> {
              throw new UnsatisfiedLinkError("no libopus");
            },
            () -> {});
    var f = broken.prepare();
    runTasks();
    assertThat(f).isCompletedExceptionally();
    assertThat(broken.takeReady()).isNull();
    assertThat(later).as("the next booked").hasSize(1);
  }
}
