package io.peervoice.demo;

import io.peervoice.sdk.Call;
import io.peervoice.sdk.CallStats;
import io.peervoice.sdk.MediaSessionStats;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A live one-line status on a terminal, redrawn every second: state, duration, RTT, loss,
 * jitter-buffer delay, MOS and a level meter of what we hear. Silent when output is not a terminal.
 */
final class StatusLine implements AutoCloseable {
  private final PrintWriter out;
  private final ScheduledExecutorService timer;
  private volatile Call call;
  private volatile double level;

  StatusLine(PrintWriter out) {
    this.out = out;
    this.timer =
        System.console() == null
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "peervoice-status");
                  t.setDaemon(true);
                  return t;
                });
    if (timer != null) {
      timer.scheduleAtFixedRate(this::draw, 1, 1, TimeUnit.SECONDS);
    }
  }

  void follow(Call call) {
    this.call = call;
  }

  /** Feeds the meter with a frame we heard. */
  void heard(short[] frame) {
    long sum = 0;
    for (short s : frame) {
      sum += (long) s * s;
    }
    level = Math.sqrt(sum / (double) frame.length) / 32768.0;
  }

  private void draw() {
    Call c = call;
    if (c == null) {
      return;
    }
    try {
      CallStats s = c.stats();
      StringBuilder line = new StringBuilder("\r").append(s.state());
      line.append(String.format(" %4.0fs", s.durationMillis() / 1000.0));
      if (s.media().isPresent()) {
        MediaSessionStats m = s.media().get();
        line.append(
            m.rtcp().roundTripTime().isPresent()
                ? String.format(" rtt %3.0fms", 1000 * m.rtcp().roundTripTime().getAsDouble())
                : " rtt   -  ");
        line.append(String.format(" lost %d", m.rtcp().packetsLost()));
        line.append(
            String.format(" jb %3.0fms", m.receive().playout().meanJitterBufferDelayMillis()));
        line.append(String.format(" MOS %.1f", m.quality().mos()));
      }
      int bars = (int) Math.min(10, Math.round(level * 40));
      line.append(" [").append("#".repeat(bars)).append(" ".repeat(10 - bars)).append("]");
      if (s.onHold()) {
        line.append(" on hold");
      }
      if (s.muted()) {
        line.append(" muted");
      }
      out.print(line);
      out.flush();
    } catch (RuntimeException e) {
      // the call ended between snapshots
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
      out.println();
      out.flush();
    }
  }
}
