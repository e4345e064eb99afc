package io.peervoice.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The JVM options of the phone processes a bench starts, the same the {@code peervoice} launcher
 * gives {@code listen} and {@code call}, so that a bench measures what users run: the launcher's
 * phone options ({@code PEERVOICE_PHONE_JVM_OPTS}, which it exports; {@link #DEFAULTS}, the same
 * list, when the bench runs without the launcher), the heap cap raised for a phone of many calls as
 * the launcher raises it for {@code --max-calls} and the optimising compiler back for a phone of
 * many calls, then {@code PEERVOICE_JAVA_OPTS}, which overrides them (README, "JVM options for
 * phone processes").
 */
final class PhoneJvmOptions {
  /**
   * The JVM's quick compiler only, for a phone of up to {@link #CALLS_IN_BASE_HEAP} calls: in a
   * fresh phone C2's compiling costs more CPU, memory and set-up time than its code saves.
   */
  static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

  /** The launcher's phone options, less its class data sharing archive (found beside its jar). */
  static final List<String> DEFAULTS =
      List.of(
          "-XX:+UseSerialGC",
          "-Xms32m",
          "-Xmn12m",
          "-Xmx128m",
          "-XX:-MethodFlushing",
          "-XX:+IgnoreUnrecognizedVMOptions",
          "-XX:+UnlockExperimentalVMOptions",
          "-XX:TrimNativeHeapInterval=10000",
          C1_ONLY,
          "-XX:-UsePerfData",
          "-XX:+UnlockDiagnosticVMOptions",
          "-XX:AsyncDeflationInterval=10000",
          "-XX:GuaranteedSafepointInterval=10000");

  /** The heap cap of a phone of up to {@link #CALLS_IN_BASE_HEAP} calls. */
  static final int BASE_HEAP_MB = 128;

  /** Calls a phone's base heap holds; the cap grows by {@link #HEAP_MB_PER_CALL} beyond. */
  static final int CALLS_IN_BASE_HEAP = 16;

  /** Heap headroom per call beyond {@link #CALLS_IN_BASE_HEAP}. */
  static final int HEAP_MB_PER_CALL = 4;

  /** The highest heap cap the launcher gives a phone. */
  static final int MAX_HEAP_MB = 8192;

  private PhoneJvmOptions() {}

  /** A phone's heap cap, in MB, for {@code calls} calls at once (the launcher's rule). */
  static int heapMegabytes(int calls) {
    long extra = Math.max(0L, (long) calls - CALLS_IN_BASE_HEAP) * HEAP_MB_PER_CALL;
    return (int) Math.min(MAX_HEAP_MB, BASE_HEAP_MB + extra);
  }

  /**
   * The options of a phone process of {@code calls} calls at once, from {@code env} (this process's
   * environment): the phone options with the heap cap for that many and, beyond {@link
   * #CALLS_IN_BASE_HEAP} calls, without {@link #C1_ONLY}, then {@code PEERVOICE_JAVA_OPTS}.
   */
  static List<String> forCalls(Map<String, String> env, int calls) {
    String phone = env.get("PEERVOICE_PHONE_JVM_OPTS");
    List<String> options = new ArrayList<>();
    for (String o : phone == null || phone.isBlank() ? DEFAULTS : split(phone)) {
      if (o.equals(C1_ONLY) && calls > CALLS_IN_BASE_HEAP) {
        continue; // a phone of many calls keeps C2
      }
      options.add(o.startsWith("-Xmx") ? "-Xmx" + heapMegabytes(calls) + "m" : o);
    }
    options.addAll(split(env.getOrDefault("PEERVOICE_JAVA_OPTS", "")));
    return List.copyOf(options);
  }

  private static List<String> split(String options) {
    return options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
  }
}
