package io.peervoice.sdk;

import io.peervoice.nat.NetworkMonitor;
import io.peervoice.signaling.OverlayClient;
import java.util.concurrent.CompletableFuture;

/**
 * A phone's presence on the overlay: when it is attached and warmed up ({@link Readiness}), how
 * many devices of its identity are online, suspending and resuming keep-alives, and the network
 * monitor whose changes re-attach at once and restart every call's ICE.
 */
final class PhonePresence {
  private final PhoneConfig config;
  private final OverlayClient overlay;
  private final SignalingThread thread;
  private final CompletableFuture<Void> warmedUp = new CompletableFuture<>();
  private final CompletableFuture<Void> setUpWarmedUp = new CompletableFuture<>();
  private final CompletableFuture<Void> attachment;
  private final CompletableFuture<Void> readiness;
  private final NetworkMonitor network;
  private volatile int devices = 1;

  /**
   * Starts watching for attachment and, unless {@link PhoneConfig#networkPoll()} is zero, for
   * network changes; {@code callsMoved} runs on the signaling thread after a change (the overlay
   * has already been told).
   */
  /** Starts the phone's overlay client with {@code config}'s identity, nodes and routes. */
  static OverlayClient startOverlay(PhoneConfig config) throws java.io.IOException {
    return OverlayClient.start(
        config.identity(),
        config.bootstrap(),
        config.overlayAddress(),
        config.keepalive(),
        config.streamRoutes());
  }

  PhonePresence(
      PhoneConfig config, OverlayClient overlay, SignalingThread thread, Runnable callsMoved) {
    this.config = config;
    this.overlay = overlay;
    this.thread = thread;
    overlay.onDevices(n -> devices = n);
    attachment = Readiness.watch(overlay, setUpWarmedUp, config, thread.scheduler());
    readiness = Readiness.afterWarmUp(attachment, warmedUp);
    network =
        config.networkPoll().isZero()
            ? null
            : NetworkMonitor.start(
                config.networkAddresses(),
                thread.scheduler(),
                config.networkPoll(),
                () ->
                    thread.execute(
                        () -> {
                          overlay.networkChanged(); // re-attach from the new address at once
                          callsMoved.run();
                        }));
  }

  /** Completed by the warm-up's call set-up part (what {@link #attached()} waits for). */
  CompletableFuture<Void> setUpWarmedUp() {
    return setUpWarmedUp;
  }

  /** Completed by the whole warm-up (what {@link #ready()} waits for). */
  CompletableFuture<Void> warmedUp() {
    return warmedUp;
  }

  CompletableFuture<Void> ready() {
    return readiness.copy();
  }

  CompletableFuture<Void> attached() {
    return attachment.copy();
  }

  int devices() {
    return devices;
  }

  void suspend() {
    overlay.suspend();
  }

  CompletableFuture<Void> resume() {
    return Readiness.resume(overlay, config, thread.scheduler());
  }

  /** The phone closes: a wait for readiness fails, and the network is no longer watched. */
  void close() {
    attachment.completeExceptionally(
        new PhoneException("the phone was closed before it was ready"));
    readiness.completeExceptionally(new PhoneException("the phone was closed before it was ready"));
    if (network != null) {
      network.close();
    }
  }
}
