package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import io.peervoice.sdk.CallStats;
import io.peervoice.signaling.call.CallState;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The status line on a recorded terminal, redrawn by hand, its timers on a fake clock. */
class StatusLineTest {
  private static final String CLEAR = StatusLine.CLEAR;

  /** A terminal that records what was written. */
  private static final class Recorded implements Terminal {
    final StringBuilder screen = new StringBuilder();

    @Override
    public synchronized void write(String text) {
      screen.append(text);
    }

    @Override
    public boolean interactive() {
      return true;
    }

    synchronized String take() {
      String s = screen.toString();
      screen.setLength(0);
      return s;
    }
  }

  private final Recorded terminal = new Recorded();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicReference<CallStats> stats = new AtomicReference<>();
  private final StatusLine status = new StatusLine(terminal, null);

  /**
   * A snapshot with these figures and no media; built from the record's components by name so that
   * components added to {@link CallStats} later get empty defaults.
   */
  static CallStats stats(CallState state, long durationMillis, boolean onHold) {
    RecordComponent[] components = CallStats.class.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      Class<?> type = components[i].getType();
      types[i] = type;
      values[i] =
          switch (components[i].getName()) {
            case "state" -> state;
            case "durationMillis" -> durationMillis;
            case "onHold" -> onHold;
            case "dialToRingingMillis", "answerToFirstAudioMillis" -> -1L;
            default -> emptyValue(type);
          };
    }
    try {
      return CallStats.class.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object emptyValue(Class<?> type) {
    if (type == Optional.class) {
      return Optional.empty();
    }
    if (type == java.util.List.class) {
      return java.util.List.of();
    }
    if (type == boolean.class) {
      return Boolean.FALSE;
    }
    if (type == int.class) {
      return Integer.valueOf(0);
    }
    if (type == long.class) {
      return Long.valueOf(0);
    }
    return null;
  }

  private void advanceSeconds(long s) {
    nanos.addAndGet(s * 1_000_000_000L);
  }

  @Test
  void ringingCountsUpFromTheDialThenTheCallCountsFromTheAnswer() {
    CallTimeline timeline = new CallTimeline(nanos::get).begin();
    stats.set(stats(CallState.DIALING, 0, false));
    status.follow("call", stats::get, timeline);
    assertThat(terminal.take()).isEqualTo(CLEAR + "DIALING    0s");
    advanceSeconds(1);
    stats.set(stats(CallState.RINGING, 0, false));
    status.redraw();
    advanceSeconds(2);
    status.redraw();
    assertThat(terminal.take()).isEqualTo(CLEAR + "RINGING    1s" + CLEAR + "RINGING    3s");
    timeline.answered();
    advanceSeconds(5);
    stats.set(stats(CallState.ACTIVE, 5_000, false));
    status.redraw();
    assertThat(terminal.take()).isEqualTo(CLEAR + "ACTIVE    5s");
    assertThat(timeline.ringingMillis()).as("it rang until the answer").isEqualTo(3_000);
  }

  @Test
  void aHeldCallShowsHeldNotActive() {
    status.follow("call", stats::get, new CallTimeline(nanos::get).begin());
    stats.set(stats(CallState.ACTIVE, 2_000, true));
    status.redraw();
    assertThat(terminal.take()).endsWith(CLEAR + "HELD    2s");
    stats.set(stats(CallState.ACTIVE, 3_000, false));
    status.remoteHold(true);
    status.redraw();
    assertThat(terminal.take()).isEqualTo(CLEAR + "HELD by peer    3s");
    status.remoteHold(false);
    status.redraw();
    assertThat(terminal.take()).isEqualTo(CLEAR + "ACTIVE    3s");
  }

  @Test
  void linesGoAboveTheStatusWhichIsDrawnAgainAfterThem() {
    stats.set(stats(CallState.ACTIVE, 1_000, false));
    status.follow("call", stats::get, new CallTimeline(nanos::get).begin());
    terminal.take();
    PrintWriter out = status.lines();
    out.print("on ");
    out.flush();
    assertThat(terminal.take()).as("half a line waits for its end").isEmpty();
    out.println("hold");
    assertThat(terminal.take()).isEqualTo(CLEAR + "on hold\n" + "ACTIVE    1s");
  }

  @Test
  void anEndedCallIsNotDrawnAndTheReportComesAfterACleanLine() {
    stats.set(stats(CallState.ACTIVE, 1_000, false));
    status.follow("call", stats::get, new CallTimeline(nanos::get).begin());
    stats.set(stats(CallState.ENDED, 1_000, false));
    status.redraw();
    assertThat(terminal.take()).isEqualTo(CLEAR + "ACTIVE    1s" + CLEAR);
    status.redraw();
    status.lines().println("Call outgoing ended");
    status.close();
    status.redraw();
    assertThat(terminal.take()).isEqualTo("Call outgoing ended\n");
  }

  @Test
  void hidingAnotherCallLeavesTheShownOneAlone() {
    stats.set(stats(CallState.ACTIVE, 1_000, false));
    status.follow("first", stats::get, new CallTimeline(nanos::get).begin());
    status.hide("second");
    status.redraw();
    assertThat(terminal.take()).endsWith(CLEAR + "ACTIVE    1s");
    status.hide("first");
    status.redraw();
    assertThat(terminal.take()).isEqualTo(CLEAR);
  }

  @Test
  void logLinesGoAboveTheStatusLineToo() {
    PrintStream stderr = System.err;
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    StatusLineAppender appender = new StatusLineAppender();
    try {
      System.setErr(
          new PrintStream(
              new OutputStream() {
                @Override
                public void write(int b) {
                  terminal.write(String.valueOf((char) b));
                }
              },
              true,
              StandardCharsets.UTF_8));
      status.activate();
      stats.set(stats(CallState.ACTIVE, 4_000, false));
      status.follow("call", stats::get, new CallTimeline(nanos::get).begin());
      terminal.take();
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern("%-5level %logger{0}: %msg%n");
      encoder.start();
      appender.setContext(context);
      appender.setEncoder(encoder);
      appender.setTarget("System.err");
      appender.start();
      ch.qos.logback.classic.Logger log = context.getLogger("io.peervoice.sdk.Phone");
      log.addAppender(appender);
      log.warn("consent lost");
      assertThat(terminal.take()).isEqualTo(CLEAR + "WARN  Phone: consent lost\n" + "ACTIVE    4s");
    } finally {
      appender.stop();
      status.close();
      System.setErr(stderr);
    }
    assertThat(StatusLine.active()).as("closed: no longer the active one").isNull();
  }
}
