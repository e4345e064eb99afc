package io.peervoice.demo;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Small helpers for waiting on the media clock. */
final class CompletableFutures {
  private CompletableFutures() {}

  /** Waits {@code duration} as measured by a task scheduled on {@code clock}. */
  static void delay(ScheduledExecutorService clock, Duration duration)
      throws InterruptedException, ExecutionException {
    CompletableFuture<Void> done = new CompletableFuture<>();
    clock.schedule(() -> done.complete(null), duration.toMillis(), TimeUnit.MILLISECONDS);
    done.get();
  }
}
