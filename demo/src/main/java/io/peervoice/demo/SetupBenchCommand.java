package io.peervoice.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.signaling.Identity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peervoice bench setup}: call set-up as users meet it, from fresh {@code peervoice call}
 * processes to a warm {@code peervoice listen --auto-answer}, each in its own process through a
 * local node; the medians of the callers' {@code --json} set-up figures, the listener's time to
 * {@code ready}, and its idle threads and resident memory.
 */
@Command(
    name = "setup",
    mixinStandardHelpOptions = true,
    description =
        "Start a node and a 'listen --auto-answer' process, let it settle, sample its idle threads"
            + " and memory, place --warm-calls unmeasured calls, then --runs calls each from a"
            + " fresh 'call' process; print the medians of the callers' set-up figures (dial to"
            + " ringing, answer to first audio, ICE, the breakdown) and the listener's time to"
            + " 'ready'. The phones get the launcher's phone JVM options (or --java-opts) and run"
            + " this jar (or --jar).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice bench setup --runs 3 --json setup.json",
      "  peervoice bench setup --jar old/peervoice.jar --java-opts ' '"
    })
final class SetupBenchCommand implements Callable<Integer> {
  static final int MAX_RUNS = 50;
  private static final long START_TIMEOUT_MILLIS = 30_000;
  private static final long CALL_TIMEOUT_MILLIS = 60_000;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--runs",
      defaultValue = "3",
      paramLabel = "N",
      description = "Measured calls, each from a fresh process, 1.." + MAX_RUNS + " (default 3).")
  int runs;

  @Option(
      names = "--warm-calls",
      defaultValue = "1",
      paramLabel = "N",
      description = "Unmeasured calls first, so the listener is warm, 0..10 (default 1).")
  int warmCalls;

  @Option(
      names = "--settle",
      defaultValue = "3",
      paramLabel = "S",
      description = "Seconds the idle listener runs before its threads and memory are read, 0..60.")
  int settleSeconds;

  @Option(
      names = "--jar",
      paramLabel = "FILE",
      description = "Run the phones from this jar (e.g. an older build) instead of this one.")
  Path jar;

  @Option(
      names = "--java-opts",
      paramLabel = "OPTS",
      description =
          "JVM options of the phone processes (default: the launcher's phone options,"
              + " PEERVOICE_PHONE_JVM_OPTS, then PEERVOICE_JAVA_OPTS).")
  String javaOpts;

  @Option(
      names = "--webrtc",
      description =
          "S7 lean: the calls are 'call --webrtc' (DTLS-SRTP keys) to a 'listen --webrtc' (warmed"
              + " up for them at start); with --warm-calls 0 the first measured call is the"
              + " listener's first WebRTC call.")
  boolean webrtc;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON.")
  Path json;

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || runs > MAX_RUNS) {
      throw CliException.badInvocation(
          "--runs must be between 1 and " + MAX_RUNS + ", got " + runs);
    }
    if (warmCalls < 0 || warmCalls > 10) {
      throw CliException.badInvocation("--warm-calls must be between 0 and 10, got " + warmCalls);
    }
    if (settleSeconds < 0 || settleSeconds > 60) {
      throw CliException.badInvocation("--settle must be between 0 and 60, got " + settleSeconds);
    }
    if (jar != null && !Files.isRegularFile(jar)) {
      throw CliException.badInvocation("--jar " + jar + ": no such file");
    }
    PrintWriter out = spec.commandLine().getOut();
    List<String> jvm = jvmOptions();
    String classPath = jar != null ? jar.toAbsolutePath().toString() : null;
    Path dir = Files.createTempDirectory("peervoice-bench-setup");
    try (ChildProcesses children = new ChildProcesses("bench-setup")) {
      NodeChild node = children.add(startNode());
      Identity callee = Identity.generate(new SecureRandom());
      Path calleeFile = dir.resolve("callee.id");
      callee.save(calleeFile);
      long spawned = System.nanoTime();
      List<String> listenArgs =
          new ArrayList<>(
              List.of(
                  "listen",
                  "--id-file",
                  calleeFile.toString(),
                  "--bootstrap",
                  node.hostPort(),
                  "--auto-answer",
                  "--json",
                  dir.resolve("callee.json").toString()));
      if (webrtc) {
        listenArgs.add("--webrtc"); // a listener that expects WebRTC calls warms up for them
      }
      ChildProcess listen = children.add(ChildProcess.start(jvm, classPath, listenArgs));
      awaitOrFail(listen, "the listener", l -> l.startsWith("ready "), START_TIMEOUT_MILLIS);
      double readyMillis = (System.nanoTime() - spawned) / 1e6;
      Thread.sleep(settleSeconds * 1000L);
      SetupBenchReport.Idle idle =
          new SetupBenchReport.Idle(
              readyMillis, listen.threads(), listen.rssKib() / 1024.0, listen.threadNames());
      out.printf(
          "listen ready %.0f ms after spawn; idle: %d threads, %.0f MB resident%n",
          readyMillis, idle.threads(), idle.rssMb());
      out.flush();
      List<JsonNode> measured = new ArrayList<>();
      List<Double> wall = new ArrayList<>();
      for (int i = 0; i < warmCalls + runs; i++) {
        Identity caller = Identity.generate(new SecureRandom());
        Path callerFile = dir.resolve("caller" + i + ".id");
        caller.save(callerFile);
        Path report = dir.resolve("caller" + i + ".json");
        List<String> args =
            new ArrayList<>(
                List.of(
                    "call",
                    callee.peerId().toString(),
                    "--id-file",
                    callerFile.toString(),
                    "--bootstrap",
                    node.hostPort(),
                    "--seconds",
                    "1",
                    "--json",
                    report.toString()));
        if (webrtc) {
          args.add("--webrtc");
        }
        long start = System.nanoTime();
        ChildProcess call = children.add(ChildProcess.start(jvm, classPath, args));
        Integer exit = call.awaitExit(CALL_TIMEOUT_MILLIS);
        double took = (System.nanoTime() - start) / 1e6;
        List<String> printed = call.drainLines();
        children.stop(call);
        if (exit == null || exit != ExitCodes.OK || !Files.exists(report)) {
          throw new CliException(
              ExitCodes.MEDIA_FAILED,
              "call " + (i + 1) + " failed (exit " + exit + "); it printed: " + tail(printed));
        }
        JsonNode setup = new ObjectMapper().readTree(report.toFile()).path("setup");
        boolean warm = i < warmCalls;
        out.printf(
            "%s call %d: dial->ringing %s ms, answer->first audio %s ms, ICE %s ms,"
                + " path ready %s ms%n",
            warm ? "warm-up" : "measured",
            warm ? i + 1 : i - warmCalls + 1,
            setup.path("dial_to_ringing_ms").asText("?"),
            setup.path("answer_to_first_audio_ms").asText("?"),
            setup.path("ice_connect_ms").asText("?"),
            setup.path("path_ready_ms").asText("?"));
        out.flush();
        if (!warm) {
          measured.add(setup);
          wall.add(took);
        }
      }
      SetupBenchReport result = new SetupBenchReport(idle, measured, wall);
      result.print(out);
      if (json != null) {
        result.writeJson(json);
      }
      return ExitCodes.OK;
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The phones' JVM options: --java-opts, or those the launcher gives a phone of one call. */
  List<String> jvmOptions() {
    if (javaOpts != null) {
      return javaOpts.isBlank() ? List.of() : List.of(javaOpts.trim().split("\\s+"));
    }
    return PhoneJvmOptions.forCalls(System.getenv(), 1);
  }

  private static NodeChild startNode() throws Exception {
    try {
      return NodeChild.start(
          List.of("--rate-limit", "100000", "--signature-rate", "10000"), START_TIMEOUT_MILLIS);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.NO_NODE_ANSWERED, "the local node did not start: " + e.getMessage(), e);
    }
  }

  private static void awaitOrFail(
      ChildProcess p, String who, java.util.function.Predicate<String> line, long millis)
      throws Exception {
    try {
      p.awaitLine(line, millis);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.INTERNAL_ERROR, who + " did not start: " + e.getMessage(), e);
    }
  }

  private static String tail(List<String> lines) {
    return lines.isEmpty()
        ? "nothing"
        : String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
  }
}
