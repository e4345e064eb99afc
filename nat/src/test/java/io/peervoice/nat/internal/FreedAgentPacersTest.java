package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.IceSession;
import io.peervoice.nat.IceSessions;
import io.peervoice.nat.MediaPath;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Once the sessions of many calls closed, ice4j's agent timer falls quiet: no connectivity-check
 * pacer of a freed agent lives on ({@link Ice4jAgentSetup#STOP_PACING}). Without it, about one
 * session in ten, connected as calls connect (one side a few ms after the other, so that the
 * controlled agent completes on the peer's nomination while its own checks are paced), left a pacer
 * running every 5 ms for the rest of the process.
 */
class FreedAgentPacersTest {
  private static final int PAIRS = 16;
  private static final int ROUNDS = 4;
  private static final long STAGGER_MILLIS = 7;

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final IceConfig config = IceConfig.builder().loopbackFallback(false).build();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  /** ice4j's timer of every agent's periodic tasks (pacers, consent, termination). */
  private static ScheduledThreadPoolExecutor agentTimer() throws ReflectiveOperationException {
    Field f = org.ice4j.ice.Agent.class.getDeclaredField("agentTasksScheduler");
    f.setAccessible(true);
    return (ScheduledThreadPoolExecutor) f.get(null);
  }

  private IceSession open(IceRole role) throws Exception {
    return IceSessions.open(config, role, scheduler, Thread::new);
  }

  /** {@link #PAIRS} calls' ICE, one side connecting {@link #STAGGER_MILLIS} after the other. */
  private void connectAndClose(boolean controllingFirst) throws Exception {
    List<IceSession> sessions = new ArrayList<>();
    List<CompletableFuture<MediaPath>> paths = new ArrayList<>();
    try {
      for (int i = 0; i < PAIRS; i++) {
        IceSession a = open(IceRole.CONTROLLING);
        IceSession b = open(IceRole.CONTROLLED);
        sessions.add(a);
        sessions.add(b);
        IceSession first = controllingFirst ? a : b;
        IceSession second = controllingFirst ? b : a;
        paths.add(first.connect(second.localParameters()));
        paths.add(
            scheduler
                .schedule(
                    () -> second.connect(first.localParameters()),
                    STAGGER_MILLIS,
                    TimeUnit.MILLISECONDS)
                .get(10, TimeUnit.SECONDS));
      }
      for (CompletableFuture<MediaPath> p : paths) {
        p.get(20, TimeUnit.SECONDS);
      }
    } finally {
      sessions.forEach(IceSession::close);
    }
  }

  @Test
  void noCheckPacerOutlivesItsSession() throws Exception {
    Ice4jRuntime.ensureConfigured();
    ScheduledThreadPoolExecutor timer = agentTimer();
    for (int round = 0; round < ROUNDS; round++) {
      connectAndClose(round % 2 == 0);
    }
    // a live pacer is always due within 5 ms: the timer's queue never stays empty for 300 ms
    await()
        .atMost(Duration.ofSeconds(15))
        .during(Duration.ofMillis(300))
        .pollInterval(Duration.ofMillis(2))
        .untilAsserted(() -> assertThat(timer.getQueue()).as("ice4j agent timer tasks").isEmpty());
  }
}
