package io.peervoice.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peervoice.media.audio.LoopingSource;
import io.peervoice.media.audio.PcmFormat;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.codec.AudioDecoder;
import io.peervoice.media.codec.AudioEncoder;
import io.peervoice.media.codec.OpusCodec;
import io.peervoice.media.codec.OpusSettings;
import io.peervoice.signaling.Identity;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peervoice bench calls}: N concurrent calls between two phone processes through a local
 * node process, measured as users run them: CPU per call of each endpoint over the steady middle of
 * the calls (from /proc/PID/stat), peak threads and resident memory, frames concealed, and the
 * codec's own share measured separately in this process.
 */
@Command(
    name = "calls",
    mixinStandardHelpOptions = true,
    description =
        "Start a node, a phone that answers and a phone that places N concurrent calls to it, each"
            + " in its own process on loopback, both sending speech; measure each phone's CPU per"
            + " call over the steady middle of the calls (the first seconds skipped), its peak"
            + " threads and resident memory, the frames concealed on both sides, and the Opus"
            + " encode + decode share alone (measured separately, in this process).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice bench calls --calls 10 --seconds 30 --json calls.json",
      "  peervoice bench calls --calls 50 --seconds 60 --complexity 5"
    })
final class CallsBenchCommand implements Callable<Integer> {
  static final int MAX_CALLS = 500;
  static final int MAX_SECONDS = 3_600;
  private static final Pattern NODE_READY =
      Pattern.compile("node (\\S+) listening on (\\S+):(\\d+)");
  private static final long START_TIMEOUT_MILLIS = 30_000;

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
      names = "--complexity",
      paramLabel = "C",
      description = "Opus encoder complexity of both phones, 0..10 (default: the phone's own).")
  Integer complexity;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON.")
  Path json;

  /** The processes started, stopped by a shutdown hook if Ctrl-C ends this JVM first. */
  private final List<ChildProcess> children = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** What the caller's and the callee's processes measured over the window. */
  record Side(double cpuPctPerCall, int peakThreads, double peakRssMb) {}

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
    PrintWriter out = spec.commandLine().getOut();
    OpusSettings opus = opus(complexity);
    Path dir = Files.createTempDirectory("peervoice-bench-calls");
    Thread stopChildren =
        new Thread(() -> children.forEach(ChildProcess::close), "peervoice-bench-calls-stop");
    Runtime.getRuntime().addShutdownHook(stopChildren);
    try {
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

      Side caller;
      Side callee;
      double window;
      String[] bootstrapOut = new String[1];
      try (ChildProcess node = startNode(bootstrapOut)) {
        String bootstrap = bootstrapOut[0];
        List<String> common =
            List.of(
                "--calls",
                Integer.toString(calls),
                "--complexity",
                Integer.toString(opus.complexity()));
        try (ChildProcess calleeProcess =
            startPeer(
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
                      common))) {
            awaitFlowing(callerProcess);
            out.printf(
                "%d calls carry audio between processes %d (caller) and %d (callee)%n",
                calls, callerProcess.pid(), calleeProcess.pid());
            out.flush();
            // the steady middle: skip the start (JIT, jitter buffers settling) and the hang-up
            long skipMillis = Math.round(1000 * Math.min(5, Math.max(1, seconds / 4.0)));
            long tailMillis = Math.round(1000 * Math.min(1, seconds / 10.0));
            long startNanos = System.nanoTime();
            Thread.sleep(skipMillis);
            Sampler sampler = new Sampler(callerProcess, calleeProcess);
            try {
              sampler.sampleUntil(startNanos + (seconds * 1000L - tailMillis) * 1_000_000L);
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
      JsonNode callerReport = new ObjectMapper().readTree(callerJson.toFile());
      JsonNode calleeReport = new ObjectMapper().readTree(calleeJson.toFile());
      long decoded =
          callerReport.get("frames_decoded").asLong() + calleeReport.get("frames_decoded").asLong();
      long concealed =
          callerReport.get("frames_concealed").asLong()
              + calleeReport.get("frames_concealed").asLong();
      double concealedPct =
          decoded + concealed == 0 ? 100 : 100.0 * concealed / (decoded + concealed);
      Codec codec = codec(opus, seconds);

      print(out, window, opus, caller, callee, callerReport, calleeReport, concealedPct, codec);
      if (json != null) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls", calls);
        m.put("seconds", seconds);
        m.put("cpu_pct_per_call_caller", round(caller.cpuPctPerCall()));
        m.put("cpu_pct_per_call_callee", round(callee.cpuPctPerCall()));
        m.put("codec_cpu_pct", round(codec.cpuPct()));
        m.put("concealed_pct", round(concealedPct));
        m.put("threads_caller", caller.peakThreads());
        m.put("threads_callee", callee.peakThreads());
        m.put("rss_mb_caller", round(caller.peakRssMb()));
        m.put("rss_mb_callee", round(callee.peakRssMb()));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), m);
      }
      return ExitCodes.OK;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopChildren);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook stops the processes
      }
      deleteQuietly(dir);
    }
  }

  private void print(
      PrintWriter out,
      double window,
      OpusSettings opus,
      Side caller,
      Side callee,
      JsonNode callerReport,
      JsonNode calleeReport,
      double concealedPct,
      Codec codec) {
    out.printf(
        "%d calls for %d s, Opus complexity %d, SRTP AES %s; measured over %.1f s of the middle%n",
        calls, seconds, opus.complexity(), callerReport.path("aes_provider").asText("?"), window);
    out.printf("%-34s %10s %10s%n", "", "caller", "callee");
    out.printf(
        "%-34s %10.2f %10.2f%n",
        "CPU per call (% of a core)", caller.cpuPctPerCall(), callee.cpuPctPerCall());
    out.printf("%-34s %10d %10d%n", "threads (peak)", caller.peakThreads(), callee.peakThreads());
    out.printf(
        "%-34s %10.0f %10.0f%n", "resident MB (peak)", caller.peakRssMb(), callee.peakRssMb());
    for (String field : new String[] {"frames_decoded", "frames_concealed", "late_packets"}) {
      out.printf(
          "%-34s %10d %10d%n",
          field.replace('_', ' '),
          callerReport.path(field).asLong(),
          calleeReport.path(field).asLong());
    }
    out.printf("%-34s %10.2f%n", "concealed, both sides (%)", concealedPct);
    out.printf(
        "%-34s %10.2f   (encode %.0f us, decode %.0f us per 20 ms frame)%n",
        "Opus alone, per call (% of a core)",
        codec.cpuPct(),
        codec.encodeMicros(),
        codec.decodeMicros());
    out.flush();
  }

  /** The phone's Opus settings with {@code complexity} (null: the phone's own). */
  static OpusSettings opus(Integer complexity) {
    OpusSettings d = OpusSettings.voiceDefaults();
    return complexity == null
        ? d
        : new OpusSettings(
            d.bitrate(), complexity, d.inbandFec(), d.expectedLossPercent(), d.dtx());
  }

  /** The codec's share: one encoder and one decoder, as one call's endpoint runs them. */
  record Codec(double cpuPct, double encodeMicros, double decodeMicros) {}

  /**
   * Encodes and decodes {@code seconds}' worth of 20 ms frames of the bundled speech at {@code
   * opus} (after a warm-up), on this thread; the CPU time taken as a percentage of {@code seconds}
   * of one core.
   */
  static Codec codec(OpusSettings opus, int seconds) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    LoopingSource speech = LoopingSource.forever(SpeechSample.load());
    short[] frame = new short[PcmFormat.FRAME_SAMPLES];
    int frames = seconds * 50;
    try (AudioEncoder encoder = OpusCodec.encoder(opus);
        AudioDecoder decoder = OpusCodec.decoder()) {
      long sink = 0;
      for (int i = 0; i < 250; i++) { // warm-up: 5 s of speech
        speech.read(frame);
        sink += decoder.decode(encoder.encode(frame)).length;
      }
      long encodeNanos = 0;
      long decodeNanos = 0;
      for (int i = 0; i < frames; i++) {
        speech.read(frame);
        long t0 = threads.getCurrentThreadCpuTime();
        byte[] packet = encoder.encode(frame);
        long t1 = threads.getCurrentThreadCpuTime();
        sink += decoder.decode(packet).length;
        decodeNanos += threads.getCurrentThreadCpuTime() - t1;
        encodeNanos += t1 - t0;
      }
      if (sink < 0) {
        throw new AssertionError();
      }
      return new Codec(
          100.0 * (encodeNanos + decodeNanos) / (seconds * 1e9),
          encodeNanos / 1e3 / frames,
          decodeNanos / 1e3 / frames);
    }
  }

  /** Samples CPU time, threads and resident memory of the two phone processes. */
  private static final class Sampler {
    private final ChildProcess[] processes;
    private final long[] cpuStart;
    private final long[] cpuEnd;
    private final int[] peakThreads;
    private final long[] peakRssKib;
    private long startNanos;
    private long endNanos;

    Sampler(ChildProcess... processes) {
      this.processes = processes;
      cpuStart = new long[processes.length];
      cpuEnd = new long[processes.length];
      peakThreads = new int[processes.length];
      peakRssKib = new long[processes.length];
    }

    /** Reads the CPU times now and at {@code untilNanos}, threads and memory twice a second. */
    void sampleUntil(long untilNanos) throws IOException, InterruptedException {
      startNanos = System.nanoTime();
      for (int i = 0; i < processes.length; i++) {
        cpuStart[i] = processes[i].cpuMillis();
      }
      while (true) {
        for (int i = 0; i < processes.length; i++) {
          peakThreads[i] = Math.max(peakThreads[i], processes[i].threads());
          peakRssKib[i] = Math.max(peakRssKib[i], processes[i].rssKib());
        }
        long left = untilNanos - System.nanoTime();
        if (left <= 0) {
          break;
        }
        Thread.sleep(Math.max(1, Math.min(500, left / 1_000_000)));
      }
      endNanos = System.nanoTime();
      for (int i = 0; i < processes.length; i++) {
        cpuEnd[i] = processes[i].cpuMillis();
      }
    }

    double seconds() {
      return (endNanos - startNanos) / 1e9;
    }

    Side side(int i, int calls) {
      double cpuPct = 100.0 * (cpuEnd[i] - cpuStart[i]) / ((endNanos - startNanos) / 1e6);
      return new Side(cpuPct / calls, peakThreads[i], peakRssKib[i] / 1024.0);
    }
  }

  /** A node process on loopback, once it listens; its HOST:PORT goes to {@code address[0]}. */
  private ChildProcess startNode(String[] address) throws Exception {
    ChildProcess node;
    try {
      // both phones are on one address: the node's per-IP limits, made against floods from one
      // source, would otherwise refuse a burst of N invites and lookups
      node =
          ChildProcess.start(
              List.of(
                  "node",
                  "--listen",
                  "127.0.0.1:0",
                  "--rate-limit",
                  "100000",
                  "--signature-rate",
                  "10000"));
      children.add(node);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.NO_NODE_ANSWERED, "the local node did not start: " + e.getMessage(), e);
    }
    try {
      Matcher m =
          NODE_READY.matcher(
              node.awaitLine(l -> NODE_READY.matcher(l).find(), START_TIMEOUT_MILLIS));
      if (!m.find()) {
        throw new IOException("unreachable");
      }
      address[0] = m.group(2) + ":" + m.group(3);
      return node;
    } catch (IOException e) {
      node.close();
      throw new CliException(
          ExitCodes.NO_NODE_ANSWERED, "the local node did not start: " + e.getMessage(), e);
    }
  }

  /**
   * A phone process, started as the launcher starts {@code peervoice} ({@code PEERVOICE_JAVA_OPTS},
   * no heap limit of ours), once it printed {@code ready}.
   */
  private ChildProcess startPeer(String role, List<String> args) throws Exception {
    String opts = System.getenv("PEERVOICE_JAVA_OPTS");
    List<String> jvm =
        opts == null || opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
    ChildProcess p = ChildProcess.start(jvm, join(List.of("bench", "calls-peer"), args));
    children.add(p);
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

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }
}
