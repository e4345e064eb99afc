package io.peervoice.session.internal;

import io.peervoice.media.audio.PcmFormat;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clocks of a call's media on the media clock: a 20 ms frame tick (send one frame, play one
 * frame) and a 1 s RTCP tick (RFC 3550 §6.2 at our fixed rate). A tick that throws is logged and
 * the call goes on; an {@link Error} is logged and stops that clock (the media watchdog then ends a
 * call whose audio stopped), whatever the scheduler does with it. The two ticks never run at once,
 * even on a clock of many threads, and {@link #stop} waits for a tick in progress, so what it
 * releases is never used by a tick again.
 *
 * <p>The frame grid starts when the timers do, and moves once: {@link #tickNowOnce()} runs a frame
 * tick at once and lets the grid go on from there, so the peer's first packet plays as it arrives
 * instead of up to a frame later.
 *
 * <p>Each frame tick is told how late it runs: the time since it was due on the grid, by the
 * injected clock (a load-adaptive encoder watches it).
 */
final class MediaTimers {
  private static final Logger log = LoggerFactory.getLogger(MediaTimers.class);
  private static final long RTCP_INTERVAL_MS = 1_000;
  private static final long FRAME_NANOS = PcmFormat.FRAME_MILLIS * 1_000_000L;
  private static final long RESYNC_NANOS = 1_000_000_000L;

  private final ScheduledExecutorService clock;
  private final LongConsumer frameTick;
  private final LongSupplier nanoClock;
  private final Runnable rtcpTick;
  private final Object lifecycle = new Object(); // held by each tick
  private final Object grid = new Object(); // held only to change the frame clock
  private final ScheduledFuture<?> reports;
  private ScheduledFuture<?> frames; // guarded by grid
  private boolean moved; // guarded by grid
  private boolean cancelled; // guarded by grid
  private boolean stopped; // guarded by lifecycle
  private volatile long due; // when the next frame tick is due on the grid, by nanoClock

  MediaTimers(ScheduledExecutorService clock, Runnable frameTick, Runnable rtcpTick) {
    this(clock, late -> frameTick.run(), rtcpTick, System::nanoTime);
  }

  /**
   * @param frameTick runs each frame, given how late (ns) it runs after it was due
   * @param nanoClock the clock the lateness is measured with (the scheduler's time)
   */
  MediaTimers(
      ScheduledExecutorService clock,
      LongConsumer frameTick,
      Runnable rtcpTick,
      LongSupplier nanoClock) {
    this.clock = clock;
    this.frameTick = frameTick;
    this.nanoClock = nanoClock;
    this.rtcpTick = rtcpTick;
    synchronized (grid) {
      frames = scheduleFrames();
    }
    reports =
        clock.scheduleAtFixedRate(
            this::report, RTCP_INTERVAL_MS / 2, RTCP_INTERVAL_MS, TimeUnit.MILLISECONDS);
  }

  private ScheduledFuture<?> scheduleFrames() {
    due = nanoClock.getAsLong();
    return clock.scheduleAtFixedRate(this::frame, 0, PcmFormat.FRAME_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void frame() {
    synchronized (lifecycle) {
      if (stopped) {
        return;
      }
      long now = nanoClock.getAsLong();
      long late = now - due;
      // the grid goes on; after a long stall (a suspended machine) it restarts from now
      due = late > RESYNC_NANOS ? now + FRAME_NANOS : due + FRAME_NANOS;
      try {
        frameTick.accept(late);
      } catch (RuntimeException e) {
        log.warn("media tick failed; the call goes on", e);
      } catch (Error e) {
        log.error("media tick failed; this call's ticks stop", e);
        throw e;
      }
    }
  }

  private void report() {
    synchronized (lifecycle) { // never at once with a frame tick, on a clock of many threads
      if (stopped) {
        return;
      }
      try {
        rtcpTick.run();
      } catch (RuntimeException e) {
        log.warn("RTCP report failed; the call goes on", e);
      } catch (Error e) {
        log.error("RTCP report failed; this call's reports stop", e);
        throw e;
      }
    }
  }

  /**
   * The first time only (later calls, and calls after {@link #stop}, do nothing): runs a frame tick
   * on the clock at once, and the following ones every 20 ms from it. Any thread; it never waits
   * for a tick in progress.
   */
  void tickNowOnce() {
    synchronized (grid) {
      if (moved || cancelled) {
        return;
      }
      moved = true;
      frames.cancel(false);
      frames = scheduleFrames();
    }
  }

  /**
   * Cancels both clocks, then runs {@code release} once no frame tick is in progress; only the
   * first call releases.
   */
  void stop(Runnable release) {
    reports.cancel(false);
    synchronized (grid) {
      cancelled = true;
      frames.cancel(false);
    }
    synchronized (lifecycle) {
      if (stopped) {
        return;
      }
      stopped = true;
      release.run();
    }
  }
}
