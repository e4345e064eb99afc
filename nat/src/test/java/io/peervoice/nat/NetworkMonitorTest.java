package io.peervoice.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetworkMonitorTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void reportsEachChangeOfTheAddressSetOnce() throws Exception {
    AtomicReference<Set<InetAddress>> addresses =
        new AtomicReference<>(Set.of(InetAddress.getByName("192.0.2.1")));
    AtomicInteger changes = new AtomicInteger();
    AtomicInteger polls = new AtomicInteger();
    try (NetworkMonitor monitor =
        NetworkMonitor.start(
            () -> {
              polls.incrementAndGet();
              return addresses.get();
            },
            scheduler,
            Duration.ofMillis(5),
            changes::incrementAndGet)) {
      addresses.set(Set.of(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("fd00::7")));
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() == 1);
      addresses.set(Set.of());
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() == 2);
      int seen = polls.get();
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> polls.get() >= seen + 3);
      assertThat(changes).as("later polls of the same set report nothing").hasValue(2);
    }
  }

  @Test
  void aFailingListOrListenerIsLoggedAndPollingGoesOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger changes = new AtomicInteger();
    try (NetworkMonitor monitor =
        NetworkMonitor.start(
            () -> {
              int n = calls.incrementAndGet();
              if (n == 2) {
                throw new IllegalStateException("netlink hiccup");
              }
              return n < 3 ? Set.of() : Set.of(InetAddress.getLoopbackAddress());
            },
            scheduler,
            Duration.ofMillis(5),
            () -> {
              changes.incrementAndGet();
              throw new IllegalStateException("listener bug");
            })) {
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() >= 6);
      assertThat(changes).hasValue(1);
    }
    assertThatThrownBy(() -> NetworkMonitor.start(scheduler, Duration.ZERO, () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void systemAddressesHaveNoLoopbackOrLinkLocal() {
    assertThat(NetworkMonitor.systemAddresses())
        .noneMatch(a -> a.isLoopbackAddress() || a.isLinkLocalAddress());
  }
}
