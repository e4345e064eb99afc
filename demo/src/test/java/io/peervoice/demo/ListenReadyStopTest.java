package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code listen}'s stop action is in place when it prints its ready line: a supervisor or script
 * that sends SIGTERM as soon as it reads "ready" gets the ordinary stop and exit 0. Before, the
 * action came a few statements after the line, and a signal in between exited 130 (interrupted).
 * Checked at the instant the line is written (on the command's own thread), so no timing decides.
 * The test then tells the command's {@link StopSignals} it finished, as {@code main} does: its stop
 * watchdog would otherwise halt this JVM {@value StopSignals#GRACE_SECONDS} s after the stop.
 */
class ListenReadyStopTest {
  @TempDir Path dir;
  private CliLab lab;

  @AfterEach
  void stop() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void theStopActionIsArmedWhenReadyIsPrintedAndAStopThenExitsZero() throws Exception {
    lab = new CliLab(dir);
    lab.startOverlay();
    lab.identity("bob");
    AtomicReference<Boolean> armedAtReady = new AtomicReference<>();
    AtomicReference<StopSignals> signals = new AtomicReference<>();
    StringWriter out =
        new StringWriter() {
          @Override
          public void write(String s, int off, int len) {
            super.write(s, off, len);
            if (armedAtReady.get() == null && toString().contains("ready ")) {
              signals.set(StopSignals.current()); // this command's, whatever runs beside it
              armedAtReady.set(signals.get().armed());
            }
          }
        };
    String[] args = lab.as("bob", "listen").toArray(String[]::new);
    CommandLine cli = PeerVoiceCli.newCommandLine(args);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(new StringWriter()));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(args));
    org.awaitility.Awaitility.await()
        .atMost(CliLab.START)
        .until(() -> armedAtReady.get() != null || exit.isDone());

    assertThat(armedAtReady.get()).as("stop action in place at 'ready': %s", out).isTrue();
    try {
      signals.get().stop(); // what SIGTERM does
      // within the stop watchdog's grace (it would halt this JVM at 10 s)
      assertThat(exit.get(8, TimeUnit.SECONDS))
          .as("listen stopped with no calls: %s", out)
          .isEqualTo(ExitCodes.OK);
    } finally {
      signals.get().finished(); // as PeerVoiceCli#main does once the command returned
    }
    assertThat(out.toString()).contains("stopping");
  }
}
