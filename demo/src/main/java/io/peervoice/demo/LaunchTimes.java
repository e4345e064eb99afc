package io.peervoice.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
    long start;
    try {
      start =
          wall
              - processAgeMillis(
                  Files.readString(Path.of("/proc/self/stat")),
                  Files.readString(Path.of("/proc/uptime")));
    } catch (IOException | RuntimeException e) {
      // not Linux: the JVM's own start, a little after the process's
      start = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    }
    return new LaunchTimes(Math.min(start, wall), wall, nanos);
  }

  /**
   * The process's age from {@code /proc/self/stat} (field 22, its start in clock ticks after boot,
   * 100 a second) and {@code /proc/uptime} (seconds since boot, to 10 ms). Not {@code
   * ProcessHandle.Info.startInstant()}: it adds the boot time, which Linux gives in whole seconds,
   * so it can be up to a second off.
   */
  static long processAgeMillis(String stat, String uptime) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long startTicks = Long.parseLong(fields[19]);
    double up = Double.parseDouble(uptime.trim().split("\\s+")[0]);
    return Math.max(0, Math.round(up * 1000) - startTicks * 10);
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
