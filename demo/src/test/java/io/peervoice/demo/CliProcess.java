package io.peervoice.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A {@code peervoice} command in its own JVM whose output lines are kept with the wall-clock time
 * each arrived, so a test can time what another process did against them.
 */
final class CliProcess implements AutoCloseable {
  /** One line of output and when it arrived (epoch milliseconds). */
  record Line(long atMillis, String text) {}

  private final Process process;
  private final List<Line> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private CliProcess(Process process) {
    this.process = process;
    reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  lines.add(new Line(System.currentTimeMillis(), line));
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "cli-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code peervoice args...} (stdout and stderr together). */
  static CliProcess start(List<String> args) throws IOException {
    return start(List.of(), args);
  }

  /** Starts {@code peervoice args...} in a JVM with {@code jvmOptions} (e.g. system properties). */
  static CliProcess start(List<String> jvmOptions, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx600m"); // before jvmOptions, whose own heap cap (a phone's) wins
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PeerVoiceCli.class.getName());
    command.addAll(args);
    return new CliProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** Waits for the first line matching {@code wanted}. */
  Line await(Predicate<String> wanted, Duration timeout) {
    try {
      Awaitility.await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(10))
          .until(() -> find(wanted) != null || exitedWithoutIt(wanted));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "no such line within " + timeout + "; alive " + process.isAlive() + ": " + texts(), e);
    }
    Line found = find(wanted);
    if (found == null) {
      throw new AssertionError(
          "exited (" + process.exitValue() + ") without such a line: " + texts());
    }
    return found;
  }

  private boolean exitedWithoutIt(Predicate<String> wanted) throws InterruptedException {
    // the output reader may still be behind the exit: give it the rest of the pipe first
    return !process.isAlive() && !reader.isAlive() && find(wanted) == null;
  }

  private Line find(Predicate<String> wanted) {
    for (Line l : lines) {
      if (wanted.test(l.text())) {
        return l;
      }
    }
    return null;
  }

  List<String> texts() {
    return lines.stream().map(Line::text).toList();
  }

  /** Sends a signal ({@code INT}, {@code TERM}) with kill(1); returns when it was sent. */
  long signal(String name) throws IOException, InterruptedException {
    long at = System.currentTimeMillis();
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + name + " failed");
    }
    return at;
  }

  /**
   * Waits for the process to exit and its output to be read to the end (so that what it printed
   * last is in {@link #texts()}); returns its exit code.
   */
  int exitCode(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout + "; output: " + texts());
    }
    reader.join(timeout.toMillis());
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
