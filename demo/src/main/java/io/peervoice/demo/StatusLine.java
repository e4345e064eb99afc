package io.peervoice.demo;

import io.peervoice.sdk.Call;
import io.peervoice.sdk.CallStats;
import io.peervoice.session.MediaSessionStats;
import io.peervoice.signaling.call.CallState;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A live one-line status on a terminal, redrawn every second: state, time, RTT, loss, jitter-buffer
 * delay, MOS and a level meter of what we hear. Silent when output is not a terminal.
 *
 * <p>It stays one line: every line the command prints goes through {@link #lines()} (and log lines
 * through {@link StatusLineAppender}), which clears the status line, prints the line above it and
 * draws the status again. A call that ended is not drawn; {@link #hide()} clears the line so a
 * report can follow it.
 */
final class StatusLine implements AutoCloseable {
  /** Carriage return and erase-to-end-of-line: the status line is redrawn in place. */
  static final String CLEAR = "\r\u001b[K";

  private static volatile StatusLine active;

  private final Terminal terminal;
  private final ScheduledExecutorService timer;
  private final PrintWriter lines;
  private volatile Supplier<CallStats> stats;
  private volatile Object subject;
  private volatile CallTimeline timeline;
  private volatile boolean remoteHeld;
  private volatile double level;
  private String shown; // guarded by this: the status text on the screen, or null
  private boolean closed; // guarded by this

  /**
   * A status line on {@code terminal}, redrawn every second by {@code timer} (none: redrawn only by
   * {@link #redraw()}, as tests do).
   */
  StatusLine(Terminal terminal, ScheduledExecutorService timer) {
    this.terminal = terminal;
    this.timer = terminal.interactive() ? timer : null;
    this.lines = new PrintWriter(new LineWriter(), true);
    if (this.timer != null) {
      this.timer.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
    }
  }

  /** The status line of a command writing to {@code out}; drawn only when there is a console. */
  static StatusLine open(PrintWriter out) {
    Terminal terminal = Terminal.of(out);
    ScheduledExecutorService timer =
        terminal.interactive()
            ? Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "peervoice-status");
                  t.setDaemon(true);
                  return t;
                })
            : null;
    StatusLine line = new StatusLine(terminal, timer);
    return terminal.interactive() ? line.activate() : line;
  }

  /** The status line on the screen now, if any: log lines go above it. */
  static StatusLine active() {
    return active;
  }

  /** Makes this the status line log lines go above (as {@link #open} does on a terminal). */
  StatusLine activate() {
    active = this;
    return this;
  }

  /** What the command prints: each complete line goes above the status line. */
  PrintWriter lines() {
    return lines;
  }

  /** Shows {@code call} from now on, its timer counting from {@code timeline}'s start. */
  void follow(Call call, CallTimeline timeline) {
    follow(call, call::stats, timeline);
  }

  void follow(Object subject, Supplier<CallStats> stats, CallTimeline timeline) {
    this.remoteHeld = false;
    this.timeline = timeline;
    this.subject = subject;
    this.stats = stats;
    redraw();
  }

  /** The peer put us on hold ({@code true}) or resumed. */
  void remoteHold(boolean held) {
    this.remoteHeld = held;
  }

  /** Feeds the meter with a frame we heard. */
  void heard(short[] frame) {
    long sum = 0;
    for (short s : frame) {
      sum += (long) s * s;
    }
    level = Math.sqrt(sum / (double) frame.length) / 32768.0;
  }

  /** Stops showing {@code call}, if it is the one shown, and clears the line. */
  void hide(Object call) {
    if (subject == call) {
      hide();
    }
  }

  /** Stops showing the call and clears the line, e.g. before its report. */
  void hide() {
    stats = null;
    subject = null;
    synchronized (this) {
      if (shown != null) {
        terminal.write(CLEAR);
        shown = null;
      }
    }
  }

  /** Draws the status now (the timer does so every second). */
  void redraw() {
    Supplier<CallStats> source = stats;
    if (source == null || !terminal.interactive()) {
      return;
    }
    String text;
    try {
      CallStats s = source.get(); // outside the lock: it waits for the phone's signaling thread
      text = s.state() == CallState.ENDED ? null : render(s, timeline, remoteHeld, level);
    } catch (RuntimeException e) {
      return; // the call ended between snapshots
    }
    synchronized (this) {
      if (closed || stats != source) {
        return;
      }
      if (text == null) {
        if (shown != null) {
          terminal.write(CLEAR);
          shown = null;
        }
        return;
      }
      terminal.write(CLEAR + text);
      shown = text;
    }
  }

  /** Clears the status line, runs {@code write} (which prints whole lines), draws it again. */
  synchronized void above(Runnable write) {
    if (shown != null) {
      terminal.write(CLEAR);
    }
    try {
      write.run();
    } finally {
      if (shown != null) {
        terminal.write(shown);
      }
    }
  }

  /** The status text of a call in {@code s}. */
  static String render(CallStats s, CallTimeline timeline, boolean remoteHeld, double level) {
    StringBuilder line = new StringBuilder();
    boolean ringing = s.state() == CallState.DIALING || s.state() == CallState.RINGING;
    if (ringing) {
      line.append(s.state());
      long millis = timeline == null ? 0 : timeline.ringingMillis();
      line.append(String.format(" %4ds", millis / 1000));
    } else {
      line.append(s.onHold() ? "HELD" : remoteHeld ? "HELD by peer" : s.state().toString());
      line.append(String.format(" %4ds", s.durationMillis() / 1000));
    }
    if (s.media().isPresent() && !ringing) {
      MediaSessionStats m = s.media().get();
      line.append(
          m.rtcp().roundTripTime().isPresent()
              ? String.format(" rtt %3.0fms", 1000 * m.rtcp().roundTripTime().getAsDouble())
              : " rtt   -  ");
      line.append(String.format(" lost %d", m.rtcp().packetsLost()));
      line.append(
          String.format(" jb %3.0fms", m.receive().playout().meanJitterBufferDelayMillis()));
      line.append(String.format(" MOS %.1f", m.quality().mos()));
      int bars = (int) Math.min(10, Math.round(level * 40));
      line.append(" [").append("#".repeat(bars)).append(" ".repeat(10 - bars)).append("]");
    }
    if (s.muted()) {
      line.append(" muted");
    }
    return line.toString();
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    hide();
    synchronized (this) {
      closed = true;
    }
    lines.flush();
    if (active == this) {
      active = null;
    }
  }

  /** Collects what the command prints and hands each complete line over, above the status. */
  private final class LineWriter extends Writer {
    private final StringBuilder pending = new StringBuilder();

    @Override
    public void write(char[] buf, int off, int len) {
      synchronized (StatusLine.this) {
        for (int i = off; i < off + len; i++) {
          pending.append(buf[i]);
          if (buf[i] == '\n') {
            String line = pending.toString();
            pending.setLength(0);
            above(() -> terminal.write(line));
          }
        }
      }
    }

    @Override
    public void flush() {
      synchronized (StatusLine.this) {
        if (pending.length() > 0 && shown == null) {
          terminal.write(pending.toString());
          pending.setLength(0);
        }
      }
    }

    @Override
    public void close() {
      flush();
    }
  }
}
