package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceRole;
import io.peervoice.natives.MediaLoop;
import io.peervoice.natives.MediaLoops;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Freeing a session's ice4j agent from two threads at once: a call's end (on the phone's signaling
 * thread) and the grace release after a pair was selected (on the media loop the host ports live
 * on). Real agent, real ports on a real loop.
 */
class AgentReleaseTest {

  private static boolean closingAPort(Thread t) {
    return t.getState() != Thread.State.RUNNABLE
        && Arrays.stream(t.getStackTrace())
            .anyMatch(
                f ->
                    f.getClassName().endsWith("DatagramPort") && f.getMethodName().equals("close"));
  }

  @Test
  void theLoopsReleaseRunsWhileTheEndWaitsForThatLoopToCloseAPort() throws Exception {
    IceConfig config = IceConfig.builder().loopbackFallback(false).build();
    try (MediaLoops loops = MediaLoops.create(1, "release-test-loop")) {
      MediaLoop loop = loops.next();
      Ice4jAgentSetup ice = Ice4jAgentSetup.create(config, IceRole.CONTROLLED, loop);
      AgentRelease release = new AgentRelease(ice, new CandidateFilter(config));
      List<HostPort> ports = List.copyOf(ice.hosts().ports());
      assertThat(ports).isNotEmpty();
      List<InetSocketAddress> addresses = ports.stream().map(HostPort::localAddress).toList();

      // the loop is busy with the grace release, which waits until the call's end has begun
      CountDownLatch endWaits = new CountDownLatch(1);
      AtomicBoolean loopReleased = new AtomicBoolean();
      loop.executor()
          .execute(
              () -> {
                try {
                  endWaits.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                release.release(ports.get(0));
                loopReleased.set(true);
              });
      AtomicBoolean loopDoneWhenEndReturned = new AtomicBoolean();
      Thread end =
          new Thread(
              () -> {
                release.release(null);
                loopDoneWhenEndReturned.set(loopReleased.get());
              },
              "call-end");
      end.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> closingAPort(end));
      endWaits.countDown();
      end.join(30_000);

      assertThat(end.isAlive()).isFalse();
      assertThat(loopDoneWhenEndReturned)
          .as("the loop's release ran while the end waited for the loop, not after it gave up")
          .isTrue();
      for (InetSocketAddress a : addresses) {
        try (DatagramSocket again = new DatagramSocket(a)) {
          assertThat(again.getLocalPort()).as("port closed and free again").isEqualTo(a.getPort());
        }
      }
      assertThat(release.localParameters().candidates())
          .as("what was offered stays readable")
          .isNotEmpty();
    }
  }
}
