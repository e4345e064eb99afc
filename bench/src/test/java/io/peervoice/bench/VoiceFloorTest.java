package io.peervoice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * #13's floor: {@code bench/native/voice-floor.sh} builds the C endpoint and runs two of them in a
 * call on loopback. This keeps the tool working (it is run by hand for its figures): both ends
 * decode every frame the other sealed, none fails its GCM check, the codec's share is inside the
 * process's CPU, and "one" wakes once per 20 ms tick where "two" also wakes on datagrams.
 */
class VoiceFloorTest {
  private static final Path SCRIPT = Path.of("native", "voice-floor.sh");

  @Test
  void twoEndpointsCallEachOtherAndReportTheirFloor() throws Exception {
    List<String> lines = run("--seconds", "4", "--complexity", "5", "--modes", "two one");

    assertThat(lines).hasSize(4); // two endpoints per mode
    for (String line : lines) {
      assertThat(text(line, "libopus")).startsWith("libopus ");
      assertThat(number(line, "complexity")).isEqualTo(5);
      assertThat(number(line, "bad")).isZero();
      // 4 s of 20 ms frames from the peer, less the last few in flight when a side stops
      assertThat(number(line, "decoded")).isBetween(180.0, 201.0);
      assertThat(number(line, "codec_pct")).isPositive().isLessThan(number(line, "cpu_pct"));
      assertThat(number(line, "rest_pct"))
          .isCloseTo(number(line, "cpu_pct") - number(line, "codec_pct"), offset(0.01));
    }
    for (String line : lines.subList(2, 4)) {
      assertThat(text(line, "wakeups_per_tick")).isEqualTo("one");
      assertThat(number(line, "wakeups_per_s")).isBetween(45.0, 52.0);
      assertThat(number(line, "received_per_s")).isBetween(45.0, 55.0);
    }
  }

  @Test
  void aFileThatIsNotALibopusIsOneLineAndAFailure() throws Exception {
    Path notOpus = Files.createTempFile("not-opus", ".so");
    try {
      Files.writeString(notOpus, "not a library");
      Ended ended = end("--seconds", "2", notOpus.toString());
      assertThat(ended.exit()).isNotZero();
      assertThat(ended.output()).startsWith("voice-floor: ").contains(notOpus.toString());
    } finally {
      Files.deleteIfExists(notOpus);
    }
  }

  @Test
  void aBadValueIsOneLineAndExitCode2() throws Exception {
    for (String[] args :
        List.of(
            new String[] {"--seconds", "1"},
            new String[] {"--seconds", "x"},
            new String[] {"--complexity", "11"},
            new String[] {"--bitrate", "100"},
            new String[] {"--loss", "101"},
            new String[] {"--modes", "three"},
            new String[] {"--seconds"},
            new String[] {"--nonsense", "1"})) {
      Ended ended = end(args);
      assertThat(ended.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(ended.output().lines()).as(String.join(" ", args)).hasSize(1);
      assertThat(ended.output()).startsWith("voice-floor.sh: ");
    }
  }

  private record Ended(int exit, String output) {}

  /** Runs the script with {@code args}, its output and errors together. */
  private static Ended end(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("voice-floor.sh ended").isTrue();
    return new Ended(p.exitValue(), out);
  }

  private static List<String> run(String... args) throws IOException, InterruptedException {
    Ended ended = end(args);
    assertThat(ended.exit()).as(ended.output()).isZero();
    return ended.output().lines().filter(l -> l.startsWith("{")).toList();
  }

  private static double number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.]+)").matcher(json);
    assertThat(m.find()).as(field + " in " + json).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static String text(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]*)\"").matcher(json);
    assertThat(m.find()).as(field + " in " + json).isTrue();
    return m.group(1);
  }
}
