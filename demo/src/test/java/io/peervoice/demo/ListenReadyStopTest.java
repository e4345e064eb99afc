package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
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
    StringWriter out =
        new StringWriter() {
          @Override
          public void write(String s, int off, int len) {
            super.write(s, off, len);
            if (armedAtReady.get() == null && toString().contains("ready ")) {
              armedAtReady.set(StopSignals.current().armed());
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
    StopSignals.current().stop(); // what SIGTERM does
    assertThat(exit.get(Duration.ofSeconds(15).toMillis(), TimeUnit.MILLISECONDS))
        .as("listen stopped with no calls: %s", out)
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("stopping");
  }
}
