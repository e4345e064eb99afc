package io.peervoice.testkit;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;

/**
 * What one decode of untrusted bytes may cost on the calling thread: heap bytes allocated and CPU
 * time, each a fixed amount plus an amount per input byte. A decoder that allocates what a length
 * field claims, or loops more than linearly, breaks it. Fuzz tests run every decode through it.
 *
 * @param fixedBytes allocation allowed for any input
 * @param bytesPerInputByte allocation allowed per input byte
 * @param fixedCpuNanos CPU time allowed for any input
 * @param cpuNanosPerInputByte CPU time allowed per input byte
 * @param fuzzingAllocationSlack how many times {@code bytesPerInputByte} each input byte may
 *     allocate while fuzzing (see {@link #FUZZING_SLACK}); 1 in regression mode whatever it says
 */
public record DecodeBudget(
    long fixedBytes,
    long bytesPerInputByte,
    long fixedCpuNanos,
    long cpuNanosPerInputByte,
    int fuzzingAllocationSlack) {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final boolean FUZZING = !System.getenv().getOrDefault("JAZZER_FUZZ", "").isEmpty();

  /**
   * How much more each input byte may cost while fuzzing: Jazzer's comparison hooks allocate and
   * spend time on every string and array comparison the decoder makes (binary decoders: well under
   * 32 times their own cost per byte; a text parser needs {@link #forText()}). The fixed parts
   * stay, so a small input claiming a large allocation is still caught; regression mode (a plain
   * build, which replays every finding) holds the decoder to the exact budget.
   */
  public static final int FUZZING_SLACK = 32;

  private static final int CPU_SLACK = FUZZING ? FUZZING_SLACK : 1;

  /** A budget with the usual {@link #FUZZING_SLACK}. */
  public DecodeBudget(
      long fixedBytes, long bytesPerInputByte, long fixedCpuNanos, long cpuNanosPerInputByte) {
    this(fixedBytes, bytesPerInputByte, fixedCpuNanos, cpuNanosPerInputByte, FUZZING_SLACK);
  }

  /** The default for packet decoders: 64 KiB + 16 bytes and 50 ms + 50 µs per input byte. */
  public static DecodeBudget standard() {
    return new DecodeBudget(64 * 1024, 16, 50_000_000, 50_000);
  }

  /**
   * This budget for a text parser: while fuzzing, a text of one-byte lines costs about 1 KiB of
   * hook allocation per byte, so each input byte may allocate 1,024 times the budget.
   */
  public DecodeBudget forText() {
    return new DecodeBudget(
        fixedBytes, bytesPerInputByte, fixedCpuNanos, cpuNanosPerInputByte, 1_024);
  }

  /** What a decode returned or threw, and what it cost. */
  public record Outcome<T>(T value, Throwable thrown, long allocatedBytes, long cpuNanos) {}

  /**
   * Runs {@code decode}, catching anything it throws, and fails with an {@link AssertionError} if
   * it went over budget for an input of {@code inputLength} bytes. A run over budget is repeated
   * once and only the repetition counts, so one-time costs (class loading, call-site linking) are
   * not taken for the decoder's.
   */
  public <T> Outcome<T> run(int inputLength, Callable<T> decode) {
    Outcome<T> first = measure(decode);
    if (withinBudget(first, inputLength)) {
      return first;
    }
    Outcome<T> again = measure(decode);
    long maxBytes = maxBytes(inputLength);
    if (again.allocatedBytes() > maxBytes) {
      throw new AssertionError(
          "decoding "
              + inputLength
              + " bytes allocated "
              + again.allocatedBytes()
              + " > "
              + maxBytes,
          again.thrown());
    }
    long maxCpu = fixedCpuNanos + CPU_SLACK * cpuNanosPerInputByte * inputLength;
    if (again.cpuNanos() > maxCpu) {
      throw new AssertionError(
          "decoding "
              + inputLength
              + " bytes took "
              + again.cpuNanos() / 1000
              + " µs CPU > "
              + maxCpu / 1000,
          again.thrown());
    }
    return again;
  }

  private boolean withinBudget(Outcome<?> outcome, int inputLength) {
    return outcome.allocatedBytes() <= maxBytes(inputLength)
        && outcome.cpuNanos() <= fixedCpuNanos + CPU_SLACK * cpuNanosPerInputByte * inputLength;
  }

  private long maxBytes(int inputLength) {
    long slack = FUZZING ? fuzzingAllocationSlack : 1;
    return fixedBytes + slack * bytesPerInputByte * inputLength;
  }

  private static <T> Outcome<T> measure(Callable<T> decode) {
    long bytesBefore = THREADS.getCurrentThreadAllocatedBytes();
    long cpuBefore = THREADS.getCurrentThreadCpuTime();
    T value = null;
    Throwable thrown = null;
    try {
      value = decode.call();
    } catch (Throwable t) {
      thrown = t;
    }
    long cpu = THREADS.getCurrentThreadCpuTime() - cpuBefore;
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - bytesBefore;
    return new Outcome<>(value, thrown, allocated, cpu);
  }

  /**
   * The outcome's value, after checking it threw nothing but {@code allowed}; returns null if it
   * threw an allowed exception.
   */
  public static <T> T valueOrAllowed(Outcome<T> outcome, Class<? extends Throwable> allowed) {
    Throwable t = outcome.thrown();
    if (t == null) {
      return outcome.value();
    }
    if (allowed != null && allowed.isInstance(t)) {
      return null;
    }
    throw new AssertionError("undocumented " + t.getClass().getName() + " from the decoder", t);
  }
}
