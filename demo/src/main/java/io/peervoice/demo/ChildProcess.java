package io.peervoice.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code peervoice} command in its own JVM, started from this JVM's class path, whose output is
 * read line by line; for benchmarks that must measure a separate process (threads, sockets, CPU).
 */
final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);

  private ChildProcess(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.offer(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "child-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code peervoice args...} with a small heap. */
  static ChildProcess start(List<String> args) throws IOException {
    return start(List.of("-Xmx256m"), args);
  }

  /** Starts {@code java jvmOptions... peervoice args...}. */
  static ChildProcess start(List<String> jvmOptions, List<String> args) throws IOException {
    return start(jvmOptions, null, args);
  }

  /**
   * Starts {@code java jvmOptions... -cp classPath peervoice args...} ({@code classPath} null: this
   * JVM's class path).
   */
  static ChildProcess start(List<String> jvmOptions, String classPath, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath != null ? classPath : System.getProperty("java.class.path"));
    command.add(PeerVoiceCli.class.getName());
    command.addAll(args);
    return new ChildProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** Waits for the first line matching {@code wanted}; fails with what was printed before. */
  String awaitLine(Predicate<String> wanted, long timeoutMillis)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(50, TimeUnit.MILLISECONDS);
      if (line != null) {
        if (wanted.test(line)) {
          return line;
        }
        seen.add(line);
      } else if (!process.isAlive()) {
        break;
      }
    }
    throw new IOException("child process did not get ready; it printed: " + seen);
  }

  /** Lines printed since the last call (or since start), for diagnostics. */
  List<String> drainLines() {
    List<String> out = new ArrayList<>();
    lines.drainTo(out);
    return out;
  }

  long pid() {
    return process.pid();
  }

  /**
   * Waits until the process's sockets and threads have not changed for {@code quiet} (its start-up
   * work done: a phone's warm-up, its spares for answers), or {@code max} passed; polls /proc every
   * 100 ms (a bench harness watching another process, not a test waiting for its own work).
   */
  void awaitSettled(java.time.Duration quiet, java.time.Duration max)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    long stableSince = System.nanoTime();
    long last = -1;
    while (System.nanoTime() < end && System.nanoTime() - stableSince < quiet.toNanos()) {
      long now = ((long) sockets() << 32) | threads();
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      }
      Thread.sleep(100);
    }
  }

  /** Threads of the process now (from /proc). */
  int threads() throws IOException {
    try (var s = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
      return (int) s.count();
    }
  }

  /** The process's threads now, counted by name ({@code /proc/PID/task/TID/comm}, 15 chars). */
  java.util.Map<String, Integer> threadNames() throws IOException {
    java.util.Map<String, Integer> names = new java.util.TreeMap<>();
    try (var s = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
      for (Path task : (Iterable<Path>) s::iterator) {
        try {
          String name = Files.readString(task.resolve("comm")).strip().replaceAll("[#0-9]+$", "");
          names.merge(name, 1, Integer::sum);
        } catch (IOException e) {
          // the thread ended while we looked
        }
      }
    }
    return names;
  }

  /** Open sockets of the process now (file descriptors that are sockets, from /proc). */
  int sockets() throws IOException {
    int n = 0;
    try (var s = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
      for (Path fd : (Iterable<Path>) s::iterator) {
        try {
          if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
            n++;
          }
        } catch (IOException e) {
          // closed while we looked
        }
      }
    }
    return n;
  }

  /** CPU time of the process so far, in milliseconds (user + system, from /proc/PID/stat). */
  long cpuMillis() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return ticks * 10; // USER_HZ is 100 on Linux
  }

  /**
   * CPU time (ms) of the process's JIT compiler threads now ({@code C1 CompilerThre}, {@code C2
   * CompilerThre}, from /proc/PID/task/TID/stat). A compiler thread the JVM ended meanwhile takes
   * its time with it (HotSpot starts and ends them with the compile queue), so a difference of two
   * readings may miss some.
   */
  long jitCpuMillis() throws IOException {
    long ticks = 0;
    try (var s = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
      for (Path task : (Iterable<Path>) s::iterator) {
        try {
          ticks += compilerTicks(Files.readString(task.resolve("stat")));
        } catch (IOException e) {
          // the thread ended while we looked
        }
      }
    }
    return ticks * 10; // USER_HZ is 100 on Linux
  }

  /**
   * utime + stime (clock ticks) of a thread's {@code stat} line when the thread is a HotSpot JIT
   * compiler thread, else 0. The name is between the first '(' and the last ')' and may hold
   * spaces.
   */
  static long compilerTicks(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return 0;
    }
    String name = stat.substring(open + 1, close);
    if (!name.matches("C[12] CompilerThre.*")) {
      return 0;
    }
    String[] f = stat.substring(close + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** Resident memory of the process now, in KiB ({@code VmRSS} of /proc/PID/status). */
  long rssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("no VmRSS in /proc/" + pid() + "/status");
  }

  /** Whether the process has exited. */
  boolean exited() {
    return !process.isAlive();
  }

  /**
   * Waits up to {@code millis} for the process to exit; its exit code, or null if it still runs.
   */
  Integer awaitExit(long millis) throws InterruptedException {
    return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : null;
  }

  /** Asks the process to stop (SIGTERM), and kills it if it has not within 5 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
