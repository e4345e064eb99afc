package io.peervoice.demo;

import java.time.Instant;

/**
 * When this process started (as the operating system tells it, to 10 ms on Linux) and when the
 * CLI's {@code main} began, on the wall clock and on the monotonic clock: the origin of a call
 * report's set-up breakdown.
 *
 * @param processStartEpochMillis the process's start, epoch milliseconds
 * @param mainEpochMillis {@code main}'s first statement, epoch milliseconds
 * @param mainNanos the same moment on {@link System#nanoTime()}
 */
record LaunchTimes(long processStartEpochMillis, long mainEpochMillis, long mainNanos) {
  private static volatile LaunchTimes atMain;

  /** Called first thing in {@code main}. */
  static void markMain() {
    atMain = now();
  }

  /** The marks of {@code main}, or of now if {@code main} did not run (a test, an embedding). */
  static LaunchTimes current() {
    LaunchTimes t = atMain;
    return t != null ? t : now();
  }

  private static LaunchTimes now() {
    long wall = System.currentTimeMillis();
    long nanos = System.nanoTime();
    long start =
        ProcessHandle.current()
            .info()
            .startInstant()
            .map(Instant::toEpochMilli)
            .orElseGet(
                () -> java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
    return new LaunchTimes(Math.min(start, wall), wall, nanos);
  }

  /** From the process's start to {@code main}: the JVM's own start-up. */
  long jvmStartMillis() {
    return mainEpochMillis - processStartEpochMillis;
  }

  /** From the process's start to the monotonic instant {@code nanos}. */
  long sinceProcessStart(long nanos) {
    return jvmStartMillis() + Math.floorDiv(nanos - mainNanos, 1_000_000L);
  }
}
