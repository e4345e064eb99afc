package io.peervoice.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@code peervoice} as its own process, the way a user does: {@code java -jar
 * target/peervoice.jar} when that jar is newer than the compiled classes (after {@code package}),
 * else the same main class from this JVM's class path (the test phase runs before {@code package}).
 */
final class CliRun {
  private static final Path JAR = Path.of("target", "peervoice.jar");
  private static final Path CLASSES = Path.of("target", "classes");

  /** What a finished process printed and how long it took. */
  record Result(int exit, String out, String err, Duration took) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  private CliRun() {}

  /** Whether the runs use the shaded jar. */
  static boolean usesJar() {
    try {
      if (!Files.isRegularFile(JAR)) {
        return false;
      }
      long jar = Files.getLastModifiedTime(JAR).toMillis();
      try (Stream<Path> files = Files.walk(CLASSES)) {
        return files.allMatch(p -> lastModified(p) <= jar);
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static long lastModified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (usesJar()) {
      command.add("-jar");
      command.add(JAR.toString());
    } else {
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(PeerVoiceCli.class.getName());
    }
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("PEERVOICE_LOG");
    Path out = Files.createTempFile("peervoice-out", ".txt");
    Path err = Files.createTempFile("peervoice-err", ".txt");
    try {
      long start = System.nanoTime();
      Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("peervoice " + String.join(" ", args) + " did not end in 60 s");
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8),
          took);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
