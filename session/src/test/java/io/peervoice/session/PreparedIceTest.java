package io.peervoice.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peervoice.nat.IceRole;
import io.peervoice.testkit.ProcessSockets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * S20: an ICE session prepared ahead of its call (real ice4j, real sockets): the media session that
 * takes it carries the call, it is taken once, and one closed unused gives its ports back.
 */
class PreparedIceTest {
  private final ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(1);
  private final MediaSessionConfig config = MediaSessionConfig.builder(clock).build();
  private final PresharedKeys keys = TwoSessions.keys();

  @AfterEach
  void stop() {
    clock.shutdownNow();
  }

  @Test
  void aCallAnsweredOnAPreparedSessionCarriesAudioAndTheSpareIsNoLongerItsToClose()
      throws Exception {
    PreparedIce prepared = PreparedIce.open(config, IceRole.CONTROLLED);
    assertThat(prepared.role()).isEqualTo(IceRole.CONTROLLED);
    assertThat(prepared.config()).isSameAs(config);
    assertThat(prepared.used()).isFalse();
    try (MediaSession caller = MediaSession.create(config, IceRole.CONTROLLING, keys);
        MediaSession callee = MediaSession.create(prepared, keys.peer())) {
      assertThat(prepared.used()).isTrue();
      assertThat(callee.localDescription().ice().candidates()).isNotEmpty();
      TwoSessions.talk(caller, callee);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().framesDecoded() >= 5);
      prepared.close(); // a late close of the spare must not touch the call's ICE
      long decoded = callee.stats().receive().framesDecoded();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> callee.stats().receive().framesDecoded() >= decoded + 10);
      assertThat(callee.state()).isEqualTo(MediaSession.State.ACTIVE);
    }
  }

  @Test
  void aPreparedSessionIsTakenOnceAndNeverOnceClosed() throws Exception {
    PreparedIce prepared = PreparedIce.open(config, IceRole.CONTROLLED);
    try (MediaSession first = MediaSession.create(prepared, keys.peer())) {
      assertThatThrownBy(() -> MediaSession.create(prepared, keys.peer()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("taken");
    }
    PreparedIce closed = PreparedIce.open(config, IceRole.CONTROLLED);
    closed.close();
    assertThat(closed.used()).isTrue();
    assertThatThrownBy(() -> MediaSession.create(closed, keys.peer()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void preparedSessionsClosedUnusedGiveTheirPortsBack() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd");
    PreparedIce.open(config, IceRole.CONTROLLED).close(); // one-time set-up first
    List<ProcessSockets.Socket> baseline = ProcessSockets.open();
    List<PreparedIce> spares =
        List.of(
            PreparedIce.open(config, IceRole.CONTROLLED),
            PreparedIce.open(config, IceRole.CONTROLLED));
    assertThat(ProcessSockets.count()).as("each holds its ports").isGreaterThan(baseline.size());
    spares.forEach(PreparedIce::close);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(ProcessSockets.count())
                    .as("opened since and still open: %s", ProcessSockets.openedSince(baseline))
                    .isLessThanOrEqualTo(baseline.size()));
  }
}
