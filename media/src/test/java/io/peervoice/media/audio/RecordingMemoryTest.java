package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 4: a 30-minute call recorded both ways, then two more calls, each to its own file,
 * on a fake clock in a 32 MB heap ({@link RecordingMemoryProbe} in a JVM of its own). The heap in
 * use after GC does not grow with the call's length (under 1 MB over the 30 minutes; the target
 * allows 16 MB), and each file's header is valid, matching the file, as soon as its call ends.
 */
class RecordingMemoryTest {
  private static final long MAX_GROWTH = 1024 * 1024;
  private static final Pattern SUMMARY =
      Pattern.compile("heap baseline=(\\d+) max=(\\d+) growth=(-?\\d+) bytes");

  @Test
  void thirtyMinutesBothWaysThenTwoMoreCallsInA32MbHeap(@TempDir Path dir) throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx32m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            RecordingMemoryProbe.class.getName(),
            dir.toString(),
            "30");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("minute 29 heap");
    assertThat(output)
        .contains("call 1 complete: " + dir.resolve("call.wav") + ", 86400000 frames")
        .contains("call 2 complete: " + dir.resolve("call-2.wav") + ", 2880000 frames")
        .contains("call 3 complete: " + dir.resolve("call-3.wav"));
    Matcher m = SUMMARY.matcher(output);
    assertThat(m.find()).as(output).isTrue();
    assertThat(Long.parseLong(m.group(3))).as(output).isLessThan(MAX_GROWTH);
    System.out.println(m.group());
  }
}
