package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.peervoice.media.srtp.SrtpProfile;
import io.peervoice.session.MediaSession;
import io.peervoice.session.MediaSessionConfig;
import io.peervoice.session.PreparedIce;
import io.peervoice.session.PresharedKeys;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * S20: a phone's ICE sessions prepared for its next answers, with real ice4j sessions and sockets
 * on executors run by hand: an answer with the same settings is made on the spare (its credentials
 * and ports), one with other settings (a ringing stranger's relay-only settings) leaves it alone,
 * and a network change or the phone's close releases it.
 */
class AnswerSparesTest {
  private final ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(1);
  private final MediaSessionConfig peers = MediaSessionConfig.builder(clock).build();
  private final MediaSessionConfig browsers = MediaSessionConfig.builder(clock).build();
  private final MediaSessionConfig stranger = MediaSessionConfig.builder(clock).build();
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private final Queue<Runnable> later = new ArrayDeque<>();
  private final Queue<Runnable> renewals = new ArrayDeque<>();
  private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
  private final List<PreparedIce> made = new CopyOnWriteArrayList<>();
  private final PresharedKeys keys =
      PresharedKeys.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new SecureRandom());
  private final AnswerSpares spares = spares(List.of(peers, browsers), List.of());

  /** Spares for {@code settings} ({@code onDemand} once enabled) on the executors run by hand. */
  private AnswerSpares spares(
      List<MediaSessionConfig> settings, List<MediaSessionConfig> onDemand) {
    return AnswerSpares.of(
        tasks::add,
        () -> {},
        (ms, t) -> (ms == AnswerSpares.REPLACE_AFTER.toMillis() ? later : renewals).add(t),
        now::get,
        settings,
        onDemand,
        made::add);
  }

  @AfterEach
  void stop() {
    spares.close();
    clock.shutdownNow();
  }

  private void runTasks() {
    while (!tasks.isEmpty()) {
      tasks.poll().run();
    }
  }

  @Test
  void anAnswerIsMadeOnTheSpareOfItsSettingsAndTheNextIsBookedForLater() throws Exception {
    spares.prepare(true);
    runTasks();
    assertThat(made).as("one per settings").hasSize(2);
    PreparedIce forPeers = made.get(0).config() == peers ? made.get(0) : made.get(1);
    PreparedIce forBrowsers = made.get(0) == forPeers ? made.get(1) : made.get(0);
    try (MediaSession answer = spares.answering(peers, keys.peer())) {
      assertThat(answer.localDescription().ice().ufrag())
          .as("the spare's own ICE session")
          .isEqualTo(forPeers.localParameters().ufrag());
      assertThat(answer.localDescription().ice().candidates())
          .isEqualTo(forPeers.localParameters().candidates());
      assertThat(forPeers.used()).isTrue();
      assertThat(forBrowsers.used()).as("the other settings' spare is kept").isFalse();
      assertThat(tasks).as("no spare made beside the answer").isEmpty();
      assertThat(later).as("the next booked for later").hasSize(1);
    }
    assertThat(spares.counts()).containsExactly(2, 1);
  }

  @Test
  void anAnswerWithOtherSettingsMakesItsOwnAndLeavesTheSpares() throws Exception {
    spares.prepare(true);
    runTasks();
    try (MediaSession own = spares.answering(stranger, keys.peer())) {
      assertThat(own.localDescription().ice().ufrag())
          .isNotIn(made.stream().map(p -> p.localParameters().ufrag()).toList());
    }
    assertThat(made).noneMatch(PreparedIce::used);
    assertThat(later).isEmpty();
  }

  /** A browser's spare waits for the phone's first WebRTC call or warm-up, as its certificate. */
  @Test
  void anOnDemandSpareWaitsToBeEnabled() throws Exception {
    AnswerSpares lazy = spares(List.of(peers, browsers), List.of(browsers));
    try {
      lazy.prepare(true);
      runTasks();
      assertThat(made).extracting(PreparedIce::config).containsExactly(peers);
      lazy.enable(browsers, true);
      lazy.enable(browsers, true);
      runTasks();
      assertThat(made).extracting(PreparedIce::config).containsExactly(peers, browsers);
      try (MediaSession answer = lazy.answering(browsers, keys.peer())) {
        assertThat(made.get(1).used()).isTrue();
      }
    } finally {
      lazy.close();
    }
    AnswerSpares byCall = spares(List.of(browsers), List.of(browsers));
    try {
      byCall.prepare(true);
      runTasks();
      assertThat(made).as("nothing until a browser's call").hasSize(2);
      byCall.answering(browsers, keys.peer()).close();
      assertThat(tasks).as("not beside that call").isEmpty();
      later.forEach(Runnable::run);
      runTasks();
      assertThat(made).as("its spare follows it").hasSize(3);
    } finally {
      byCall.close();
    }
  }

  @Test
  void aBusyPhoneBooksItsSparesForLater() {
    spares.prepare(false);
    assertThat(tasks).isEmpty();
    assertThat(later).hasSize(2);
    later.forEach(Runnable::run);
    runTasks();
    assertThat(made).hasSize(2);
  }

  @Test
  void aNetworkChangeAndTheCloseReleaseTheSpares() throws Exception {
    spares.prepare(true);
    runTasks();
    List<PreparedIce> before = List.copyOf(made);
    spares.networkChanged();
    assertThat(before).as("closed on the spares' thread, not here").noneMatch(PreparedIce::used);
    runTasks();
    assertThat(before).as("made with the old addresses: closed").allMatch(PreparedIce::used);
    assertThat(made).as("the next not at once").hasSize(2);
    later.forEach(Runnable::run);
    later.clear();
    runTasks();
    assertThat(made).hasSize(4);
    try (MediaSession answer = spares.answering(browsers, keys.peer())) {
      assertThat(answer.localDescription().ice().ufrag())
          .isNotIn(before.stream().map(p -> p.localParameters().ufrag()).toList());
    }
    spares.close();
    assertThat(made).as("every spare closed or taken").allMatch(PreparedIce::used);
    spares.prepare(true);
    assertThat(tasks).as("none after the close").isEmpty();
  }

  @Test
  void aStaleSpareIsClosedAndTheAnswerMakesItsOwn() throws Exception {
    spares.prepare(true);
    runTasks();
    now.addAndGet(AnswerSpares.MAX_AGE.toMillis() + 1);
    try (MediaSession answer = spares.answering(peers, keys.peer())) {
      assertThat(answer.localDescription().ice().ufrag())
          .as("not the stale spare's")
          .isNotIn(made.stream().map(p -> p.localParameters().ufrag()).toList());
    }
    runTasks();
    assertThat(made.stream().filter(p -> p.config() == peers)).allMatch(PreparedIce::used);
    assertThat(spares.counts()).containsExactly(2, 0);
  }
}
