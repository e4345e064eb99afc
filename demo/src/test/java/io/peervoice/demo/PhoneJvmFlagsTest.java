package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The phone options take effect in this JVM: the launcher passes {@code
 * -XX:+IgnoreUnrecognizedVMOptions} (for {@code TrimNativeHeapInterval} on JVMs before 17.0.9),
 * which would also hide a misspelt option, so this reads the flags a JVM started with them ends up
 * with.
 */
class PhoneJvmFlagsTest {

  private static Map<String, String> finalFlags(List<String> options) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.add("-XX:+PrintFlagsFinal");
    command.add("-version");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    Map<String, String> flags = new HashMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[2].equals("=")) {
        flags.put(f[1], f[3]);
      }
    }
    return flags;
  }

  @Test
  void aPhoneOfFewCallsRunsC1OnlyWithTheJvmsOwnThreadsWakingRarely() throws Exception {
    Map<String, String> flags = finalFlags(PhoneJvmOptions.forCalls(Map.of(), 1));
    assertThat(flags)
        .containsEntry("UseSerialGC", "true")
        .containsEntry("MaxHeapSize", Long.toString(128L << 20))
        .containsEntry("TieredStopAtLevel", "1")
        .containsEntry("UsePerfData", "false")
        .containsEntry("AsyncDeflationInterval", "10000")
        .containsEntry("GuaranteedSafepointInterval", "10000")
        .containsEntry("MethodFlushing", "false");
  }

  @Test
  void aPhoneOfManyCallsKeepsC2() throws Exception {
    Map<String, String> flags = finalFlags(PhoneJvmOptions.forCalls(Map.of(), 50));
    assertThat(flags)
        .containsEntry("TieredStopAtLevel", "4")
        .containsEntry("MaxHeapSize", Long.toString(264L << 20))
        .containsEntry("UsePerfData", "false");
  }
}
