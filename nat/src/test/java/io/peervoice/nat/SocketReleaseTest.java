package io.peervoice.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peervoice.nat.internal.LoopbackSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a session releases every socket it opened at once, not when the garbage collector gets to
 * it: after N sessions the process's socket count is back to where it was.
 */
class SocketReleaseTest {
  private static final int SESSIONS = 10;
  private static final byte[] RTP_LIKE = {(byte) 0x80, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 42};

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final IceConfig config = IceConfig.builder().loopbackFallback(false).build();

  @BeforeEach
  void linux() {
    assumeTrue(OpenSockets.supported(), "needs /proc/self/fd");
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private IceSession open(IceRole role) throws IceException {
    return IceSessions.open(config, role, scheduler, Thread::new);
  }

  /** One call's worth of ICE: connect, carry a datagram each way, then close. */
  private void connectedPair() throws Exception {
    IceSession a = open(IceRole.CONTROLLING);
    IceSession b = open(IceRole.CONTROLLED);
    try {
      CompletableFuture<MediaPath> pb = b.connect(a.localParameters());
      MediaPath ab = a.connect(b.localParameters()).get(20, TimeUnit.SECONDS);
      MediaPath ba = pb.get(20, TimeUnit.SECONDS);
      List<Integer> got = new CopyOnWriteArrayList<>();
      ba.startReceiving((d, off, len) -> got.add(len));
      ab.startReceiving((d, off, len) -> {});
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                ab.send(RTP_LIKE, 0, RTP_LIKE.length);
                return !got.isEmpty();
              });
      ab.close();
      ba.close();
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void everyIceSocketIsReleasedWhenSessionsClose() throws Exception {
    connectedPair(); // ice4j's one-time set-up out of the baseline
    long baseline = OpenSockets.count();
    for (int i = 0; i < SESSIONS; i++) {
      connectedPair();
      open(IceRole.CONTROLLING).close(); // a call refused before ICE ran
      try (IceSession pending = open(IceRole.CONTROLLED); // a call ended while ICE was checking
          IceSession peer = open(IceRole.CONTROLLING)) {
        CompletableFuture<MediaPath> never = pending.connect(peer.localParameters());
        pending.close();
        assertThat(never).isCompletedExceptionally();
      }
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(OpenSockets.count())
                    .as(OpenSockets::describe)
                    .isLessThanOrEqualTo(baseline));
  }

  @Test
  void theLoopbackFallbackReleasesItsSocket() throws Exception {
    long baseline = -1;
    for (int i = 0; i <= SESSIONS; i++) {
      if (i == 1) {
        baseline =
            OpenSockets.count(); // after the JDK's one-time socket for closing under a reader
      }
      try (LoopbackSession a = new LoopbackSession(IceRole.CONTROLLING, scheduler, Thread::new);
          LoopbackSession b = new LoopbackSession(IceRole.CONTROLLED, scheduler, Thread::new)) {
        MediaPath ab = a.connect(b.localParameters()).get(5, TimeUnit.SECONDS);
        MediaPath ba = b.connect(a.localParameters()).get(5, TimeUnit.SECONDS);
        ba.startReceiving((d, off, len) -> {});
        ab.send(new byte[1], 0, 1);
        ab.close();
      }
      new LoopbackSession(IceRole.CONTROLLED, scheduler, Thread::new).close();
    }
    long before = baseline;
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(OpenSockets.count())
                    .as(OpenSockets::describe)
                    .isLessThanOrEqualTo(before));
  }
}
