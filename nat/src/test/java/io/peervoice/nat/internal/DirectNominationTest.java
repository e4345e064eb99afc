package io.peervoice.nat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peervoice.nat.IceConfig;
import io.peervoice.nat.IceRole;
import io.peervoice.nat.MediaPath;
import io.peervoice.nat.PathExchange;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ice4j.ice.IceProcessingState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The controlling side sends on the direct pair it nominated as soon as the pair is valid (RFC 8445
 * §12.1), without waiting for the response to its nominating check: here every Binding success
 * response after the first never reaches the controlling side, so ice4j never confirms the
 * nomination (its agent would never complete), yet both sides connect over the nominated pair and
 * carry datagrams; the agent is freed a second later, not 100 ms. Real ice4j agents over the
 * machine's interfaces.
 */
class DirectNominationTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static boolean bindingSuccess(byte[] data, int offset, int length) {
    return length >= 20 && data[offset] == 0x01 && data[offset + 1] == 0x01;
  }

  @Test
  void theNominatedPairCarriesMediaBeforeTheNominationIsConfirmed() throws Exception {
    IceConfig config =
        IceConfig.builder().loopbackFallback(false).connectTimeout(Duration.ofSeconds(8)).build();
    AtomicInteger responses = new AtomicInteger();
    AtomicInteger dropped = new AtomicInteger();
    try (Ice4jSession a = new Ice4jSession(config, IceRole.CONTROLLING, scheduler, Thread::new);
        Ice4jSession b = new Ice4jSession(config, IceRole.CONTROLLED, scheduler, Thread::new)) {
      for (HostPort port : a.hostPorts()) {
        port.addTap(
            (data, offset, length, from) -> {
              if (bindingSuccess(data, offset, length) && responses.incrementAndGet() > 1) {
                dropped.incrementAndGet();
                return true; // lost: the nominating check's response among them
              }
              return false;
            });
      }
      CompletableFuture<MediaPath> pathB = b.connect(a.localParameters());
      MediaPath ab = a.connect(b.localParameters()).get(6, TimeUnit.SECONDS);
      MediaPath ba = pathB.get(6, TimeUnit.SECONDS);
      await() // freed a second after (not 100 ms, as after ICE completed): clear of the first audio
          .during(Duration.ofMillis(400))
          .atMost(Duration.ofSeconds(2))
          .until(() -> a.agent().getState() != IceProcessingState.TERMINATED);
      assertThat(InetAddress.getByName(ab.remoteCandidate().address()))
          .isEqualTo(InetAddress.getByName(ba.localCandidate().address()));
      assertThat(ab.remoteCandidate().port()).isEqualTo(ba.localCandidate().port());
      assertThat(ba.remoteCandidate().port()).isEqualTo(ab.localCandidate().port());

      PathExchange.carriesBothWays(ab, ba);
      assertThat(dropped.get()).as("the nominating check's response was lost").isPositive();
    }
  }
}
