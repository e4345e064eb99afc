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
 * <p>The timers start with a frame tick at once (the first frame leaves without waiting for the
 * lattice), and the grid goes on from the {@link TickLattice} instant nearest a frame later: the
 * second tick comes 20 ms ± half a quantum after the first. The grid moves once: {@link
 * #tickNowOnce()} runs a frame tick at once, so the peer's first packet plays as it arrives instead
 * of up to a frame later, and the grid goes on, again, from the lattice instant nearest a frame
 * later (a gap of 20 ms ± half a quantum after the first audio, never 20 to 40 ms). Grids on a
 * lattice let one wake-up of the media loop run the ticks of many calls. After a stall of over a
 * second (a suspended machine) the grid restarts about a frame after the stalled tick (on the
 * lattice): the ticks missed are skipped, not run back to back.
 *
 * <p>Each frame tick is told how late it runs, by the injected clock (a load-adaptive encoder
 * watches it): the ticks due at one lattice instant run back to back on one thread, and each is
 * told how late the first of them started (how late the loop came to the instant), not its place in
 * the batch, so a loop of many calls is not taken for an overloaded one; but when more time passed
 * since the batch started than its ticks took, plus {@value #BATCH_SLACK_NANOS} ns (the loop ran
 * something else between two of them), the batch starts again and the tick is told its own
 * lateness. Each grid keeps its own due time, so a tick of a grid that was just replaced (already
 * under way on another thread of the clock) never moves the new grid's.
 *
 * <p>S9 conf: a conference's legs split their tick in two on one shared phase ({@link #phase}): all
 * play out at its instants, then all send a few ms later, so each leg's mix holds every other leg's
 * frame of the same instant instead of one up to a frame old.
 */
final class MediaTimers {
  private static final Logger log = LoggerFactory.getLogger(MediaTimers.class);
  private static final long RTCP_INTERVAL_MS = 1_000;
  private static final long FRAME_NANOS = PcmFormat.FRAME_MILLIS * 1_000_000L;
  private static final long RESYNC_NANOS = 1_000_000_000L;

  /** Time between two ticks of a batch beyond their own run time that still counts as one batch. */
  static final long BATCH_SLACK_NANOS = 2_000_000L;

  private final ScheduledExecutorService clock;
  private final LongConsumer frameTick;
  private final LongSupplier nanoClock;
  private final Runnable rtcpTick;
  private final TickLattice lattice;
  private final Object lifecycle = new Object(); // held by each tick
  private final Object gridLock = new Object(); // held only to change the frame clock
  private final ScheduledFuture<?> reports;
  private Grid grid; // guarded by gridLock
  private boolean moved; // guarded by gridLock
  private PhasedTicks phased; // guarded by gridLock; null: one tick sends and plays
  private boolean cancelled; // guarded by gridLock
  private boolean stopped; // guarded by lifecycle

  /** The batch of ticks (see the class comment) this thread runs. */
  private static final ThreadLocal<Batch> BATCH = ThreadLocal.withInitial(Batch::new);

  /**
   * The instant whose ticks this thread runs, when it started the first, and how long the ticks run
   * since took.
   */
  static final class Batch {
    private long due;
    private long started;
    private long ran;
    private boolean any;

    /**
     * How late the batch of ticks due at {@code due} started, one of them starting {@code now}; a
     * new batch if the last one was of another instant, or if since it started more time passed
     * than its ticks took plus {@link #BATCH_SLACK_NANOS}.
     */
    long lateness(long due, long now) {
      if (!any || due != this.due || now < started || now - started > ran + BATCH_SLACK_NANOS) {
        this.due = due;
        this.started = now;
        this.ran = 0;
        any = true;
      }
      return started - due;
    }

    /** A tick of the batch took {@code nanos}. */
    void ran(long nanos) {
      ran += Math.max(0, nanos);
    }
  }

  /**
   * One schedule of frame ticks and when its next tick is due, by {@code nanoClock}; with a tick at
   * once before it when the timers start and when the grid moves.
   */
  private final class Grid implements Runnable {
    private long due; // guarded by lifecycle
    private final PhasedTicks phased; // null: one tick sends and plays
    private long sendDue; // guarded by lifecycle; phased only
    private ScheduledFuture<?> future; // guarded by gridLock
    private ScheduledFuture<?> sends; // guarded by gridLock; phased only
    private ScheduledFuture<?> atOnce; // guarded by gridLock; null: none

    Grid(long firstDue, PhasedTicks phased) {
      this.due = firstDue;
      this.phased = phased;
      this.sendDue = phased == null ? 0 : firstDue + phased.lagNanos();
    }

    @Override
    public void run() {
      frame(this);
    }

    void cancel() {
      future.cancel(false);
      if (sends != null) {
        sends.cancel(false);
      }
      if (atOnce != null) {
        atOnce.cancel(false);
      }
    }
  }

  MediaTimers(ScheduledExecutorService clock, Runnable frameTick, Runnable rtcpTick) {
    this(clock, late -> frameTick.run(), rtcpTick, System::nanoTime, TickLattice.NONE);
  }

  MediaTimers(
      ScheduledExecutorService clock,
      LongConsumer frameTick,
      Runnable rtcpTick,
      LongSupplier nanoClock) {
    this(clock, frameTick, rtcpTick, nanoClock, TickLattice.NONE);
  }

  /**
   * @param frameTick runs each frame, given how late (ns) it runs after it was due
   * @param nanoClock the clock the lateness is measured with (the scheduler's time)
   * @param lattice the instants a frame grid may start on
   */
  MediaTimers(
      ScheduledExecutorService clock,
      LongConsumer frameTick,
      Runnable rtcpTick,
      LongSupplier nanoClock,
      TickLattice lattice) {
    this.clock = clock;
    this.frameTick = frameTick;
    this.nanoClock = nanoClock;
    this.rtcpTick = rtcpTick;
    this.lattice = lattice;
    synchronized (gridLock) {
      grid = startAtOnce();
    }
    reports =
        clock.scheduleAtFixedRate(
            this::report, RTCP_INTERVAL_MS / 2, RTCP_INTERVAL_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * A new grid whose first tick is on the lattice instant nearest a frame after {@code now} (the
   * clock's time); called holding gridLock.
   */
  private Grid scheduleAFrameOn(long now) {
    if (phased != null) { // half a frame on at least: no two ticks of one half close together
      Grid next = new Grid(phased.atOrAfter(now + FRAME_NANOS / 2), phased);
      next.future = atFixedRate(next, next.due - now);
      next.sends = atFixedRate(() -> send(next), next.sendDue - now);
      return next;
    }
    long first = lattice.atOrAfter(now + FRAME_NANOS - lattice.quantumNanos() / 2);
    Grid next = new Grid(first, null);
    next.future = atFixedRate(next, first - now);
    return next;
  }

  private ScheduledFuture<?> atFixedRate(Runnable task, long delayNanos) {
    return clock.scheduleAtFixedRate(task, delayNanos, FRAME_NANOS, TimeUnit.NANOSECONDS);
  }

  /** A tick at once, then a grid from the lattice instant nearest a frame on; holding gridLock. */
  private Grid startAtOnce() {
    long now = nanoClock.getAsLong();
    Grid next = scheduleAFrameOn(now);
    next.atOnce = clock.schedule(() -> frameAtOnce(now), 0, TimeUnit.NANOSECONDS);
    return next;
  }

  private void frame(Grid of) {
    synchronized (lifecycle) {
      if (stopped) {
        return;
      }
      long now = nanoClock.getAsLong();
      long late = now - of.due;
      if (late > RESYNC_NANOS) {
        restartAfterStall(of);
      }
      long due = of.due;
      of.due += FRAME_NANOS;
      if (of.phased == null) {
        runBatched(due, now, frameTick);
      } else {
        runBatched(due, now, of.phased.playout());
      }
    }
  }

  /** The send half of a phased grid's tick. */
  private void send(Grid of) {
    synchronized (lifecycle) {
      if (stopped) {
        return;
      }
      long due = of.sendDue;
      of.sendDue += FRAME_NANOS;
      runBatched(due, nanoClock.getAsLong(), of.phased.send());
    }
  }

  /** The tick at once of a grid that started or moved, due at {@code due}. */
  private void frameAtOnce(long due) {
    synchronized (lifecycle) {
      if (!stopped) {
        runBatched(due, nanoClock.getAsLong(), frameTick);
      }
    }
  }

  /** Runs a tick due at {@code due}, starting {@code now}, in this thread's batch. */
  private void runBatched(long due, long now, LongConsumer tick) {
    Batch batch = BATCH.get();
    try {
      runTick(batch.lateness(due, now), tick);
    } finally {
      batch.ran(nanoClock.getAsLong() - now);
    }
  }

  /** Runs one frame tick; called holding lifecycle. */
  private void runTick(long late, LongConsumer tick) {
    try {
      tick.accept(late);
    } catch (RuntimeException e) {
      log.warn("media tick failed; the call goes on", e);
    } catch (Error e) {
      log.error("media tick failed; this call's ticks stop", e);
      throw e;
    }
  }

  /**
   * After a long stall the clock would run every missed tick back to back (fixed rate): instead the
   * stalled grid is cancelled and a new one starts a frame or more from now, on the lattice.
   */
  private void restartAfterStall(Grid stalled) {
    synchronized (gridLock) {
      if (cancelled || grid != stalled) {
        return;
      }
      stalled.cancel();
      grid = scheduleAFrameOn(nanoClock.getAsLong());
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
   * on the clock at once, and the following ones every 20 ms from the lattice instant nearest a
   * frame later (20 ms ± half a quantum; exactly a frame later without a lattice). Any thread; it
   * never waits for a tick in progress.
   */
  void tickNowOnce() {
    synchronized (gridLock) {
      if (moved || cancelled) {
        return;
      }
      moved = true;
      grid.cancel();
      grid = startAtOnce();
    }
  }

  /**
   * S9 conf: from the next instant of {@code to} on at least half a frame from now, the frame tick
   * runs in two halves ({@link PhasedTicks}); null: one tick again, on a grid from the lattice
   * instant nearest a frame on. The grid no longer moves to the peer's first packet. Any thread.
   */
  void phase(PhasedTicks to) {
    synchronized (gridLock) {
      if (cancelled) {
        return;
      }
      moved = true;
      phased = to;
      grid.cancel();
      grid = scheduleAFrameOn(nanoClock.getAsLong());
    }
  }

  /**
   * Cancels both clocks, then runs {@code release} once no frame tick is in progress; only the
   * first call releases.
   */
  void stop(Runnable release) {
    reports.cancel(false);
    synchronized (gridLock) {
      cancelled = true;
      grid.cancel();
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
