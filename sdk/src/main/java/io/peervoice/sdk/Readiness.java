package io.peervoice.sdk;

import io.peervoice.signaling.NodeAddress;
import io.peervoice.signaling.OverlayClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link Phone#ready()} and {@link Phone#resume()}: attached to the overlay (and warmed up), or a
 * {@link PhoneException} once {@link PhoneConfig#readyTimeout()} has passed without attaching.
 */
final class Readiness {
  private Readiness() {}

  /**
   * Starts the clock now. The warm-up is not timed: it runs on this machine and always ends; only
   * the network is.
   */
  static CompletableFuture<Void> watch(
      OverlayClient overlay,
      CompletableFuture<Void> warmedUp,
      PhoneConfig config,
      ScheduledExecutorService timer) {
    return watch(overlay.ready(), overlay, warmedUp, config, timer);
  }

  /** {@link OverlayClient#resume()}, timed from now like {@link #watch}. */
  static CompletableFuture<Void> resume(
      OverlayClient overlay, PhoneConfig config, ScheduledExecutorService timer) {
    return watch(overlay.resume(), overlay, CompletableFuture.completedFuture(null), config, timer);
  }

  private static CompletableFuture<Void> watch(
      CompletableFuture<Void> attached,
      OverlayClient overlay,
      CompletableFuture<Void> warmedUp,
      PhoneConfig config,
      ScheduledExecutorService timer) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    ScheduledFuture<?> deadline;
    try {
      deadline =
          timer.schedule(
              () -> {
                if (!attached.isDone()) {
                  result.completeExceptionally(notAttached(overlay, config));
                }
              },
              config.readyTimeout().toNanos(),
              TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new PhoneException("the phone is closed"));
      return result;
    }
    // However it ends (ready, failed, or the phone closed), the deadline goes.
    result.whenComplete((v, error) -> deadline.cancel(false));
    attached
        .thenCompose(v -> warmedUp)
        .whenComplete(
            (v, error) -> {
              deadline.cancel(false);
              if (error == null) {
                result.complete(null);
              } else {
                result.completeExceptionally(error);
              }
            });
    return result;
  }

  /**
   * {@code attached}, then the warm-up: fails with {@code attached}'s own exception (not wrapped),
   * and completes once both are done; the warm-up always completes normally.
   */
  static CompletableFuture<Void> afterWarmUp(
      CompletableFuture<Void> attached, CompletableFuture<Void> warmedUp) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    attached.whenComplete(
        (v, error) -> {
          if (error != null) {
            result.completeExceptionally(
                error instanceof java.util.concurrent.CompletionException
                        && error.getCause() != null
                    ? error.getCause()
                    : error);
          } else {
            warmedUp.whenComplete((w, e) -> result.complete(null));
          }
        });
    return result;
  }

  private static PhoneException notAttached(OverlayClient overlay, PhoneConfig config) {
    List<NodeAddress> attached;
    try {
      attached = overlay.attachedNodes();
    } catch (IllegalStateException e) {
      attached = List.of();
    }
    if (attached.isEmpty()) {
      return new NoNodeAnsweredException(config.bootstrap(), config.readyTimeout());
    }
    return new PhoneException(
        "attached to "
            + attached.size()
            + " rendezvous node(s) but could not publish our location within "
            + config.readyTimeout().toMillis()
            + " ms");
  }
}
