package io.peervoice.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 30-minute call's files in a 64 MB heap: {@link StreamingMemoryProbe} in a JVM of its own plays
 * and records 30 minutes of audio as fast as it can, and the heap in use after GC must not grow by
 * more than the 16 MB the target allows (it grows by the two envelopes, about 3 MB). The old
 * whole-file way runs out of memory in the same heap at once.
 */
class StreamingMemoryTest {
  private static final long TARGET_GROWTH = 16L * 1024 * 1024;
  private static final Pattern SUMMARY =
      Pattern.compile(
          "heap baseline=(\\d+) max=(\\d+) growth=(-?\\d+) bytes correlation=([\\d.]+)");

  private record Run(int exit, String output) {}

  private static Run probe(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx64m");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StreamingMemoryProbe.class.getName());
    command.add(dir.toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Run(p.exitValue(), output);
  }

  private static void assertBounded(Run run, int minutes) {
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("minute " + minutes + " heap");
    Matcher m = SUMMARY.matcher(run.output());
    assertThat(m.find()).as(run.output()).isTrue();
    assertThat(Long.parseLong(m.group(3))).as(run.output()).isLessThan(TARGET_GROWTH);
    assertThat(Double.parseDouble(m.group(4))).as(run.output()).isGreaterThan(0.999);
    System.out.println(m.group());
  }

  @Test
  void thirtyMinutesAt48kHzPlayedAndRecordedInA64MbHeap(@TempDir Path dir) throws Exception {
    assertBounded(probe(dir, "30", "48000"), 30);
  }

  @Test
  void fiveMinutesResampledFrom44100HzInA64MbHeap(@TempDir Path dir) throws Exception {
    assertBounded(probe(dir, "5", "44100"), 5);
  }

  @Test
  void theWholeFileWayRunsOutOfMemoryInTheSameHeap(@TempDir Path dir) throws Exception {
    Run run = probe(dir, "30", "48000", "whole");
    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("OutOfMemoryError");
  }
}
