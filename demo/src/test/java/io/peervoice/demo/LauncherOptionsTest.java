package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code peervoice} launcher's JVM options, from the script itself run by bash in a copy of the
 * tree (PEERVOICE_PRINT_JAVA=1 prints the java command instead of running it): the class data
 * sharing archive is used only when it is newer than the jar and not turned off, the phone options
 * go to phone commands only (the benches' phone processes get the same, {@link PhoneJvmOptions}),
 * their heap cap grows with --max-calls, and PEERVOICE_JAVA_OPTS comes last.
 */
class LauncherOptionsTest {
  @TempDir Path root;
  private Path jar;
  private Path jsa;

  @BeforeEach
  void tree() throws IOException {
    Path script = Path.of("..", "peervoice").toAbsolutePath().normalize();
    Files.copy(script, root.resolve("peervoice"));
    Path target = Files.createDirectories(root.resolve("demo/target"));
    jar = Files.writeString(target.resolve("peervoice.jar"), "jar");
    jsa = target.resolve("peervoice.jsa");
  }

  private String launch(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                concat(List.of("bash", root.resolve("peervoice").toString()), List.of(args)))
            .redirectErrorStream(true);
    pb.environment().put("PEERVOICE_SKIP_BUILD", "1");
    pb.environment().put("PEERVOICE_PRINT_JAVA", "1");
    pb.environment().remove("PEERVOICE_JAVA_OPTS");
    pb.environment().remove("PEERVOICE_CDS");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private void archive(long secondsAfterJar) throws IOException {
    Files.writeString(jsa, "jsa");
    Instant jarTime = Instant.parse("2026-01-01T00:00:00Z");
    Files.setLastModifiedTime(jar, FileTime.from(jarTime));
    Files.setLastModifiedTime(jsa, FileTime.from(jarTime.plusSeconds(secondsAfterJar)));
  }

  @Test
  void aPhoneCommandGetsThePhoneOptionsAndTheArchiveWhenItIsNewerThanTheJar() throws Exception {
    archive(10);
    String java = launch(Map.of(), "listen", "--auto-answer");
    assertThat(java)
        .startsWith("java -XX:+UseSerialGC -Xms32m -Xmn12m -Xmx128m -XX:-MethodFlushing")
        .contains("-XX:TrimNativeHeapInterval=10000", "-XX:+IgnoreUnrecognizedVMOptions")
        .contains("-XX:SharedArchiveFile=" + jsa, "-Xshare:auto", "-Xlog:cds=off")
        .endsWith("-jar " + jar + " listen --auto-answer");
    assertThat(launch(Map.of(), "call", "X")).contains("-XX:+UseSerialGC", "-Xshare:auto");
  }

  @Test
  void anArchiveOlderThanTheJarOrNoneOrTurnedOffIsNotUsed() throws Exception {
    assertThat(launch(Map.of(), "call", "X")).doesNotContain("SharedArchiveFile");
    archive(-10); // the jar was rebuilt after the archive was made
    assertThat(launch(Map.of(), "call", "X")).doesNotContain("SharedArchiveFile");
    archive(10);
    assertThat(launch(Map.of("PEERVOICE_CDS", "off"), "call", "X"))
        .contains("-XX:+UseSerialGC")
        .doesNotContain("SharedArchiveFile");
  }

  @Test
  void nodesAndBenchmarksKeepTheJvmDefaultsButShareClasses() throws Exception {
    archive(10);
    assertThat(launch(Map.of(), "node", "--listen", "127.0.0.1:7400"))
        .isEqualTo(
            "java -XX:SharedArchiveFile="
                + jsa
                + " -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off -jar "
                + jar
                + " node --listen 127.0.0.1:7400");
    assertThat(launch(Map.of(), "bench", "setup")).doesNotContain("UseSerialGC");
    Files.delete(jsa);
    assertThat(launch(Map.of())).isEqualTo("java -jar " + jar);
  }

  @Test
  void peervoiceJavaOptsComeLastSoTheyOverrideTheDefaults() throws Exception {
    assertThat(launch(Map.of("PEERVOICE_JAVA_OPTS", "-Xmx512m"), "listen"))
        .contains("-Xmx128m -XX:-MethodFlushing -XX:+IgnoreUnrecognizedVMOptions")
        .endsWith("-Xmx512m -jar " + jar + " listen");
  }

  @Test
  void thePhoneOptionsAreThoseTheBenchesGiveTheirPhones() throws Exception {
    String java = launch(Map.of(), "listen");
    assertThat(java)
        .isEqualTo(
            "java " + String.join(" ", PhoneJvmOptions.DEFAULTS) + " -jar " + jar + " listen");
  }

  @Test
  void theHeapCapGrowsWithMaxCallsByTheBenchesRule() throws Exception {
    for (int calls : new int[] {1, 16, 17, 50, 500, 4096}) {
      String heap = "-Xmx" + PhoneJvmOptions.heapMegabytes(calls) + "m ";
      assertThat(launch(Map.of(), "listen", "--max-calls", Integer.toString(calls)))
          .as("%d calls", calls)
          .contains(heap)
          .containsOnlyOnce("-Xmx");
      assertThat(launch(Map.of(), "call", "X", "--max-calls=" + calls)).contains(heap);
    }
    assertThat(launch(Map.of(), "listen", "--max-calls", "050")).contains("-Xmx264m ");
    for (int calls : new int[] {16, 17, 50}) { // C1 only up to 16 calls, as the benches' rule says
      assertThat(launch(Map.of(), "listen", "--max-calls", Integer.toString(calls)))
          .as("%d calls", calls)
          .isEqualTo(
              "java "
                  + String.join(" ", PhoneJvmOptions.forCalls(Map.of(), calls))
                  + " -jar "
                  + jar
                  + " listen --max-calls "
                  + calls);
    }
    assertThat(launch(Map.of(), "call", "X")).contains("-XX:TieredStopAtLevel=1 ");
    assertThat(launch(Map.of(), "call", "X", "--max-calls=17")).doesNotContain("TieredStopAtLevel");
    assertThat(launch(Map.of(), "listen", "--max-calls", "lots")).contains("-Xmx128m ");
    assertThat(launch(Map.of(), "node", "--max-calls", "50")).doesNotContain("-Xmx");
  }
}
