package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peervoice.signaling.Identity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peervoice call} in a pseudo-terminal ({@code script} from util-linux) against a {@code
 * listen} process: the live status line is redrawn in place, every event line starts a line of its
 * own (after the status was cleared), timers count up, a held call shows HELD, and the report
 * follows the last status drawn, with no status drawn after it.
 */
class StatusLinePtyTest {
  private static final String CLEAR = StatusLine.CLEAR;
  private static final Pattern DRAW =
      Pattern.compile(
          Pattern.quote(CLEAR) + "(DIALING|RINGING|ACTIVE|HELD|HELD by peer|ENDED) +(\\d+)s");

  record Draw(int at, String state, int seconds) {}

  @Test
  void theStatusLineStaysOneLineWithEventsAboveItAndTheReportAfterIt(@TempDir Path dir)
      throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script (util-linux) is needed");
    try (CliLab lab = new CliLab(dir)) {
      lab.startOverlay();
      lab.identity("alice");
      Identity bob = lab.identity("bob");
      lab.listen("bob", "--auto-answer", "--calls", "1");
      List<String> call =
          lab.as(
              "alice",
              "call",
              bob.peerId().toString(),
              "--seconds",
              "5",
              "--hold",
              "2",
              "--dtmf",
              "12");
      Process script =
          new ProcessBuilder("/usr/bin/script", "-qfec", shellCommand(call), "/dev/null")
              .redirectErrorStream(true)
              .start();
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      Thread reader = copy(script.getInputStream(), captured);
      assertThat(script.waitFor(90, TimeUnit.SECONDS)).isTrue();
      reader.join(5_000);
      String screen = captured.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
      assertThat(script.exitValue()).as("call in a pty: %s", screen).isZero();
      check(screen);
    }
  }

  private static void check(String screen) {
    List<Draw> draws = new ArrayList<>();
    Matcher m = DRAW.matcher(screen);
    while (m.find()) {
      draws.add(new Draw(m.start(), m.group(1), Integer.parseInt(m.group(2))));
    }
    assertThat(draws).as("status lines drawn: %s", screen).hasSizeGreaterThanOrEqualTo(4);
    assertThat(draws).extracting(Draw::state).contains("ACTIVE", "HELD").doesNotContain("ENDED");
    List<Integer> active =
        draws.stream().filter(d -> !d.state().startsWith("DIAL")).map(Draw::seconds).toList();
    assertThat(active).as("the call's timer counts up: %s", screen).isSorted();
    assertThat(active.get(active.size() - 1)).isGreaterThanOrEqualTo(3);
    for (String event :
        new String[] {"sent DTMF 12", "on hold\n", "resumed\n", "Call outgoing to", "  audio:"}) {
      int at = screen.indexOf(event);
      assertThat(at).as("%s printed: %s", event, screen).isPositive();
      for (; at >= 0; at = screen.indexOf(event, at + 1)) {
        String before = screen.substring(0, at);
        assertThat(before.endsWith("\n") || before.endsWith(CLEAR))
            .as("'%s' starts a line, not glued onto the status: ...%s", event, tail(before))
            .isTrue();
      }
    }
    int report = screen.indexOf("Call outgoing to");
    assertThat(draws.get(draws.size() - 1).at())
        .as("the report comes after the last status line")
        .isLessThan(report);
    assertThat(screen.substring(report)).doesNotContain(CLEAR);
  }

  private static String tail(String s) {
    return s.substring(Math.max(0, s.length() - 80)).replace("\u001b", "ESC").replace("\r", "\\r");
  }

  /** {@code java -cp ... PeerVoiceCli args...}, each word single-quoted for sh. */
  private static String shellCommand(List<String> args) {
    List<String> words = new ArrayList<>();
    words.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    words.add("-Xmx600m");
    words.add("-cp");
    words.add(System.getProperty("java.class.path"));
    words.add(PeerVoiceCli.class.getName());
    words.addAll(args);
    return words.stream()
        .map(w -> "'" + w.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" "));
  }

  private static Thread copy(InputStream in, ByteArrayOutputStream out) {
    Thread t =
        new Thread(
            () -> {
              try {
                in.transferTo(out);
              } catch (IOException e) {
                // the process ended
              }
            },
            "pty-output");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
