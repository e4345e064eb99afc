package io.peervoice.sdk;

import io.peervoice.nat.IceConfig;
import io.peervoice.session.MediaSessionConfig;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * A phone's media resources shared by its calls: the media clock (the injected one, or our own),
 * the ICE restart threads, and the media settings calls are made with.
 */
final class PhoneMedia {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PhoneMedia.class);

  private final ExecutorService restarts =
      Executors.newCachedThreadPool(SignalingThread.daemon("peervoice-ice-restart"));
  private final ScheduledExecutorService clock;
  private final boolean ownsClock;
  private final PhoneConfig config;
  private final MediaSessionConfig settings;
  private final MediaSessionConfig relayOnlySettings;

  PhoneMedia(PhoneConfig config) {
    this.config = config;
    this.ownsClock = config.mediaClock().isEmpty();
    this.clock =
        config
            .mediaClock()
            .orElseGet(
                () -> new LoggingClock(SignalingThread.daemon("peervoice-media"), clockThreads()));
    this.settings = settings(config.ice());
    this.relayOnlySettings =
        config.ice().turnServers().isEmpty()
            ? null
            : settings(config.ice().toBuilder().relayOnly(true).build());
  }

  private MediaSessionConfig settings(IceConfig ice) {
    return MediaSessionConfig.builder(clock)
        .ice(ice)
        .opus(config.opus())
        .srtpProfile(config.srtpProfiles().get(0))
        .ioThreads(SignalingThread.daemon("peervoice-rx"))
        .outboundImpairment(config.outboundImpairment())
        .build();
  }

  /** Settings for a call: all candidates. */
  MediaSessionConfig settings() {
    return settings;
  }

  /** Settings for a stranger's call while ringing (relayed candidates only), or null. */
  MediaSessionConfig relayOnlySettings() {
    return relayOnlySettings;
  }

  ExecutorService restartThreads() {
    return restarts;
  }

  /** Stops the ICE restarts under way. */
  void stopRestarts() {
    restarts.shutdownNow();
  }

  /**
   * Threads of the phone's own media clock: one per core, up to 8. A call's ticks never run at once
   * (see MediaTimers), so one thread at a time works a call; more threads spread calls over the
   * cores once one thread is busy (about 50 calls of Opus at complexity 9 fill a core), and an idle
   * phone holds none of them for long (they stop after 10 s without work).
   */
  static int clockThreads() {
    return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * The phone's own media clock: a periodic task that fails (the media stages catch their own
   * exceptions, so only an {@link Error} gets here) stops repeating, and this logs it instead of
   * keeping it in a future nobody reads.
   */
  private static final class LoggingClock extends ScheduledThreadPoolExecutor {
    LoggingClock(java.util.concurrent.ThreadFactory threads, int size) {
      super(size, threads);
      setKeepAliveTime(10, java.util.concurrent.TimeUnit.SECONDS);
      allowCoreThreadTimeOut(true);
      // an ended call's ticks leave the queue at once, not when they would next have run
      setRemoveOnCancelPolicy(true);
    }

    @Override
    protected void afterExecute(Runnable task, Throwable thrown) {
      super.afterExecute(task, thrown);
      if (task instanceof java.util.concurrent.Future<?> f && f.isDone() && !f.isCancelled()) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          log.warn("a media clock task failed and stopped: {}", e.getCause().toString(), e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Stops the media clock if it is ours (an injected one is left to its owner). */
  void stopClock() {
    if (ownsClock) {
      clock.shutdownNow();
    }
  }
}
