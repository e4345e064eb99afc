package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peervoice.media.codec.OpusSettings;
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
 * {@code peervoice bench calls}: N concurrent calls between two phone processes through a local
 * node process, measured as users run them: CPU per call of each endpoint (from /proc/PID/stat)
 * over a window that starts {@code --settle} seconds after all calls carry audio (JIT compilation
 * and start-up settled, as issue #13 measured: "averaged over 40 s of a 70 s call") and over the
 * whole call too, peak threads and resident memory, frames concealed, and the codec's own share
 * measured separately in this process.
 */
@Command(
    name = "calls",
    mixinStandardHelpOptions = true,
    description =
        "Start a node, a phone that answers and a phone that places N concurrent calls to it, each"
            + " in its own process on loopback, both sending speech; measure each phone's CPU per"
            + " call over a window that starts --settle seconds after all calls carry audio and"
            + " ends 1 s before they end (by default, with --seconds 70, the last 39 s: JIT and"
            + " start-up settled), and over the whole call too (the *_whole JSON fields); its"
            + " peak threads and resident memory, the frames concealed on both sides, and the Opus"
            + " encode + decode share alone (measured separately, in this process).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice bench calls --calls 10 --seconds 70 --json calls.json",
      "  peervoice bench calls --calls 10 --seconds 40 --settle 5",
      "  peervoice bench calls --calls 50 --seconds 60 --complexity 5"
    })
final class CallsBenchCommand implements Callable<Integer> {
  static final int MAX_CALLS = 500;
  static final int MAX_SECONDS = 3_600;
  private static final long START_TIMEOUT_MILLIS = 30_000;

  /** The most seconds skipped by default: by then a phone's JIT compilation has settled. */
  static final int DEFAULT_SETTLE_MAX = 30;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--calls",
      defaultValue = "10",
      paramLabel = "N",
      description = "Concurrent calls, 1.." + MAX_CALLS + " (default ${DEFAULT-VALUE}).")
  int calls;

  @Option(
      names = "--seconds",
      defaultValue = "30",
      paramLabel = "S",
      description =
          "How long the calls last once all carry audio, 2.."
              + MAX_SECONDS
              + " (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--settle",
      paramLabel = "SECONDS",
      description =
          "Seconds after all calls carry audio before the CPU window starts, 0..S-2 (default:"
              + " half of --seconds, at most "
              + DEFAULT_SETTLE_MAX
              + ").")
  Integer settle;

  @Option(
      names = "--complexity",
      paramLabel = "C",
      description = "Opus encoder complexity of both phones, 0..10 (default: the phone's own).")
  Integer complexity;

  @Option(
      names = "--setup-batch",
      paramLabel = "B",
      description =
          "Calls the caller places at once, the next B once these carry audio (default: all at"
              + " once).")
  Integer setupBatch;

  @Option(
      names = "--adaptive-complexity",
      paramLabel = "on|off",
      converter = ProcessingOptions.OnOff.class,
      description =
          "Whether the phones step their Opus complexity down when a media loop is overloaded, as"
              + " phones do by default (default: off with --complexity, so that the figures are"
              + " that complexity's; on without it).")
  String adaptiveComplexity;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON.")
  Path json;

  @Override
  public Integer call() throws Exception {
    if (calls < 1 || calls > MAX_CALLS) {
      throw CliException.badInvocation(
          "--calls must be between 1 and " + MAX_CALLS + ", got " + calls);
    }
    if (seconds < 2 || seconds > MAX_SECONDS) {
      throw CliException.badInvocation(
          "--seconds must be between 2 and " + MAX_SECONDS + ", got " + seconds);
    }
    if (complexity != null && (complexity < 0 || complexity > 10)) {
      throw CliException.badInvocation("--complexity must be between 0 and 10, got " + complexity);
    }
    if (settle != null && (settle < 0 || settle > seconds - 2)) {
      throw CliException.badInvocation(
          "--settle must be between 0 and --seconds - 2 (" + (seconds - 2) + "), got " + settle);
    }
    if (setupBatch != null && setupBatch < 1) {
      throw CliException.badInvocation("--setup-batch must be at least 1, got " + setupBatch);
    }
    PrintWriter out = spec.commandLine().getOut();
    OpusSettings opus = CodecCost.opus(complexity);
    Path dir = Files.createTempDirectory("peervoice-bench-calls");
    try (ChildProcesses children = new ChildProcesses("bench-calls")) {
      Identity callerId = Identity.generate(new SecureRandom());
      Identity calleeId = Identity.generate(new SecureRandom());
      Path callerFile = dir.resolve("caller.id");
      Path calleeFile = dir.resolve("callee.id");
      callerId.save(callerFile);
      calleeId.save(calleeFile);
      Path contacts = dir.resolve("contacts.txt");
      Files.writeString(contacts, callerId.peerId() + "\n");
      Path callerJson = dir.resolve("caller.json");
      Path calleeJson = dir.resolve("callee.json");

      ProcessSampler.Side caller;
      ProcessSampler.Side callee;
      double window;
      double whole;
      try (NodeChild node = children.add(startNode())) {
        String bootstrap = node.hostPort();
        List<String> common =
            List.of(
                "--calls",
                Integer.toString(calls),
                "--complexity",
                Integer.toString(opus.complexity()),
                "--adaptive-complexity",
                adaptive(),
                "--mark-after",
                Integer.toString(settleSeconds()));
        List<String> batch =
            setupBatch == null ? List.of() : List.of("--setup-batch", setupBatch.toString());
        try (ChildProcess calleeProcess =
            startPeer(
                children,
                "callee",
                join(
                    List.of(
                        "--id-file",
                        calleeFile.toString(),
                        "--bootstrap",
                        bootstrap,
                        "--contacts",
                        contacts.toString(),
                        "--json",
                        calleeJson.toString()),
                    common))) {
          try (ChildProcess callerProcess =
              startPeer(
                  children,
                  "caller",
                  join(
                      List.of(
                          "--id-file",
                          callerFile.toString(),
                          "--bootstrap",
                          bootstrap,
                          "--call",
                          calleeId.peerId().toString(),
                          "--seconds",
                          Integer.toString(seconds),
                          "--json",
                          callerJson.toString()),
                      join(common, batch)))) {
            awaitFlowing(callerProcess);
            out.printf(
                "%d calls carry audio between processes %d (caller) and %d (callee)%n",
                calls, callerProcess.pid(), calleeProcess.pid());
            out.flush();
            // the window: skip the settling start (JIT, jitter buffers) and the hang-up; the
            // whole call is measured too
            long tailMillis = Math.round(1000 * Math.min(1, seconds / 10.0));
            long startNanos = System.nanoTime();
            ProcessSampler sampler = new ProcessSampler(callerProcess, calleeProcess);
            try {
              sampler.sampleUntil(
                  startNanos + settleSeconds() * 1_000_000_000L,
                  startNanos + (seconds * 1000L - tailMillis) * 1_000_000L);
            } catch (IOException e) {
              ChildProcess gone = callerProcess.exited() ? callerProcess : calleeProcess;
              throw new CliException(
                  ExitCodes.MEDIA_FAILED,
                  "the "
                      + (gone == callerProcess ? "caller" : "callee")
                      + " ended while the calls were measured; it printed: "
                      + tail(gone.drainLines()),
                  e);
            }
            window = sampler.seconds();
            whole = sampler.wholeSeconds();
            caller = sampler.side(0, calls);
            callee = sampler.side(1, calls);
            Integer callerExit = callerProcess.awaitExit(30_000L + tailMillis);
            if (callerExit == null || callerExit != ExitCodes.OK) {
              throw new CliException(
                  ExitCodes.MEDIA_FAILED,
                  "the calls did not last "
                      + seconds
                      + " s with audio; the caller printed: "
                      + tail(callerProcess.drainLines()));
            }
          }
          if (calleeProcess.awaitExit(15_000) == null) {
            throw new CliException(
                ExitCodes.INTERNAL_ERROR,
                "the callee did not see its "
                    + calls
                    + " calls end; it printed: "
                    + tail(calleeProcess.drainLines()));
          }
        }
      }
      CallsBenchReport report =
          new CallsBenchReport(
              calls,
              seconds,
              opus.complexity(),
              settleSeconds(),
              window,
              whole,
              caller,
              callee,
              new ObjectMapper().readTree(callerJson.toFile()),
              new ObjectMapper().readTree(calleeJson.toFile()),
              CodecCost.measure(opus, seconds));
      report.print(out);
      if (json != null) {
        report.writeJson(json);
      }
      return ExitCodes.OK;
    } finally {
      deleteQuietly(dir);
    }
  }

  /** {@code --adaptive-complexity}, or off with {@code --complexity} and on without. */
  private String adaptive() {
    return adaptiveComplexity != null ? adaptiveComplexity : complexity != null ? "off" : "on";
  }

  /** {@code --settle}, or half the call up to {@link #DEFAULT_SETTLE_MAX}. */
  int settleSeconds() {
    return settle != null ? settle : Math.min(DEFAULT_SETTLE_MAX, seconds / 2);
  }

  /** A node process on loopback, once it listens. */
  private NodeChild startNode() throws Exception {
    try {
      // both phones are on one address: the node's per-IP limits, made against floods from one
      // source, would otherwise refuse a burst of N invites and lookups
      return NodeChild.start(
          List.of("--rate-limit", "100000", "--signature-rate", "10000"), START_TIMEOUT_MILLIS);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.NO_NODE_ANSWERED, "the local node did not start: " + e.getMessage(), e);
    }
  }

  /**
   * A phone process with the JVM options the launcher gives a phone of {@code --calls} calls
   * ({@link PhoneJvmOptions}), once it printed {@code ready}.
   */
  private ChildProcess startPeer(ChildProcesses children, String role, List<String> args)
      throws Exception {
    List<String> jvm = PhoneJvmOptions.forCalls(System.getenv(), calls);
    ChildProcess p =
        children.add(ChildProcess.start(jvm, join(List.of("bench", "calls-peer"), args)));
    try {
      p.awaitLine(l -> l.startsWith("ready "), START_TIMEOUT_MILLIS);
      return p;
    } catch (IOException e) {
      p.close();
      throw new CliException(
          ExitCodes.INTERNAL_ERROR, "the " + role + " phone did not start: " + e.getMessage(), e);
    }
  }

  private void awaitFlowing(ChildProcess caller) throws Exception {
    try {
      caller.awaitLine(
          l -> l.startsWith("flowing "),
          CallsPeerCommand.CONNECT_TIMEOUT.toMillis() + START_TIMEOUT_MILLIS);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.MEDIA_FAILED,
          "not all " + calls + " calls came to carry audio: " + e.getMessage(),
          e);
    }
  }

  private static List<String> join(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String tail(List<String> lines) {
    return lines.isEmpty()
        ? "nothing"
        : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }
}
