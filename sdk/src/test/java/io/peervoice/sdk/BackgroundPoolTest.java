package io.peervoice.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * S24: a phone's background work (warm-up, spares) keeps no thread once done: an idle {@code
 * listen} is counted against #13's 20 threads within seconds of its start.
 */
class BackgroundPoolTest {

  @Test
  void itsThreadEndsASecondAfterItsLastTaskAndAnotherStartsForTheNext() throws Exception {
    String name = "peervoice-test-background-" + System.nanoTime();
    ExecutorService pool = WebWarmUp.background(name);
    try {
      CompletableFuture<String> ran = new CompletableFuture<>();
      pool.execute(() -> ran.complete(Thread.currentThread().getName()));
      assertThat(ran.get(5, TimeUnit.SECONDS)).isEqualTo(name);
      assertThat(threadsNamed(name)).isEqualTo(1);

      // well before the 10 s it kept its thread until S24
      await().atMost(Duration.ofSeconds(4)).until(() -> threadsNamed(name) == 0);

      CompletableFuture<Boolean> daemon = new CompletableFuture<>();
      pool.execute(() -> daemon.complete(Thread.currentThread().isDaemon()));
      assertThat(daemon.get(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  private static long threadsNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals(name))
        .count();
  }
}
