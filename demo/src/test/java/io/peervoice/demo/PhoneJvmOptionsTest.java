package io.peervoice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The phone processes of a bench get the launcher's phone options (as it exports them, or the same
 * defaults without it), the heap cap raised for many calls by the launcher's rule, then
 * PEERVOICE_JAVA_OPTS. That the launcher's rule and options are these is checked against the script
 * in {@link LauncherOptionsTest}.
 */
class PhoneJvmOptionsTest {
  private static final String EXPORTED =
      "-XX:+UseSerialGC -Xms32m -Xmn12m -Xmx128m -XX:-MethodFlushing -XX:TieredStopAtLevel=1"
          + " -XX:SharedArchiveFile=/x/peervoice.jsa -Xshare:auto";

  @Test
  void theHeapCapGrowsBeyondSixteenCallsUpToEightGigabytes() {
    assertThat(PhoneJvmOptions.heapMegabytes(1)).isEqualTo(128);
    assertThat(PhoneJvmOptions.heapMegabytes(16)).isEqualTo(128);
    assertThat(PhoneJvmOptions.heapMegabytes(17)).isEqualTo(132);
    assertThat(PhoneJvmOptions.heapMegabytes(50)).isEqualTo(264);
    assertThat(PhoneJvmOptions.heapMegabytes(500)).isEqualTo(2064);
    assertThat(PhoneJvmOptions.heapMegabytes(4096)).isEqualTo(8192);
  }

  @Test
  void theLaunchersExportedOptionsWithTheHeapForTheCallsThenPeervoiceJavaOpts() {
    assertThat(
            PhoneJvmOptions.forCalls(
                Map.of("PEERVOICE_PHONE_JVM_OPTS", EXPORTED, "PEERVOICE_JAVA_OPTS", " -Xss1m "),
                50))
        .containsExactly(
            "-XX:+UseSerialGC",
            "-Xms32m",
            "-Xmn12m",
            "-Xmx264m",
            "-XX:-MethodFlushing",
            "-XX:SharedArchiveFile=/x/peervoice.jsa",
            "-Xshare:auto",
            "-Xss1m");
    assertThat(PhoneJvmOptions.forCalls(Map.of("PEERVOICE_PHONE_JVM_OPTS", EXPORTED), 1))
        .contains("-Xmx128m", "-XX:TieredStopAtLevel=1")
        .doesNotContain("-Xmx264m");
  }

  @Test
  void aPhoneOfUpToSixteenCallsCompilesWithC1OnlyOneOfMoreKeepsC2() {
    for (int calls : new int[] {1, 2, 16}) {
      assertThat(PhoneJvmOptions.forCalls(Map.of(), calls))
          .as("%d calls", calls)
          .containsOnlyOnce(PhoneJvmOptions.C1_ONLY);
      assertThat(PhoneJvmOptions.forCalls(Map.of("PEERVOICE_PHONE_JVM_OPTS", EXPORTED), calls))
          .contains(PhoneJvmOptions.C1_ONLY);
    }
    for (int calls : new int[] {17, 50, 500}) {
      assertThat(PhoneJvmOptions.forCalls(Map.of(), calls))
          .as("%d calls", calls)
          .doesNotContain(PhoneJvmOptions.C1_ONLY)
          .contains("-XX:+UseSerialGC", "-XX:-MethodFlushing");
      assertThat(PhoneJvmOptions.forCalls(Map.of("PEERVOICE_PHONE_JVM_OPTS", EXPORTED), calls))
          .doesNotContain(PhoneJvmOptions.C1_ONLY);
    }
    assertThat(PhoneJvmOptions.DEFAULTS).contains("-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");
  }

  @Test
  void withoutTheLauncherTheSameDefaults() {
    assertThat(PhoneJvmOptions.forCalls(Map.of(), 2)).isEqualTo(PhoneJvmOptions.DEFAULTS);
    assertThat(PhoneJvmOptions.forCalls(Map.of("PEERVOICE_JAVA_OPTS", "-Xmx1g"), 100))
        .contains("-Xmx464m")
        .endsWith("-Xmx1g"); // the user's own option comes last and wins
    assertThat(PhoneJvmOptions.DEFAULTS).contains("-XX:+UseSerialGC", "-Xmx128m");
    assertThat(PhoneJvmOptions.forCalls(Map.of("PEERVOICE_PHONE_JVM_OPTS", " "), 1))
        .isEqualTo(List.copyOf(PhoneJvmOptions.DEFAULTS));
  }
}
