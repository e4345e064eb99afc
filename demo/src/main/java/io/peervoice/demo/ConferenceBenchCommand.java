package io.peervoice.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peervoice.media.audio.SpeechSample;
import io.peervoice.media.audio.WavFile;
import io.peervoice.signaling.Identity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peervoice bench conference}: a conference hosted by one phone process, with N participant
 * processes ({@code listen}) through a local node process, all sending speech. Measures the host's
 * CPU per participant (from /proc/PID/stat, over a window that starts {@code --settle} seconds
 * after the conference formed and ends a second before the hang-up), the frames concealed on every
 * leg, and the mixer's added delay (the host's own measure: how long a frame waits between its
 * arrival and its mixing into another leg).
 */
@Command(
    name = "conference",
    mixinStandardHelpOptions = true,
    description =
        "Start a node, N phones that answer and a phone that calls them all and merges them into"
            + " a conference it hosts, each in its own process on loopback, all sending speech;"
            + " measure the host's CPU per participant over a window that starts --settle seconds"
            + " after the conference formed, the frames concealed on every leg, and the mixer's"
            + " added delay.",
    footerHeading = "%nExamples:%n",
    footer = {"  peervoice bench conference --participants 4 --seconds 40 --json conf.json"})
final class ConferenceBenchCommand implements Callable<Integer> {
  static final int MAX_SECONDS = 3_600;
  private static final long START_TIMEOUT_MILLIS = 30_000;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--participants",
      defaultValue = "4",
      paramLabel = "N",
      description = "Participants besides the host, 2..14 (default ${DEFAULT-VALUE}).")
  int participants;

  @Option(
      names = "--seconds",
      defaultValue = "30",
      paramLabel = "S",
      description =
          "How long the conference lasts once formed, 5..3600 (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--settle",
      paramLabel = "SECONDS",
      description = "Seconds skipped before the CPU window, 0..S-3 (default: a third of S).")
  Integer settle;

  @Option(
      names = "--talkers",
      paramLabel = "K",
      description =
          "How many participants send speech, 0..N (default: all); the others send silence and"
              + " hear the full mix. The host always speaks.")
  Integer talkers;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON.")
  Path json;

  @Override
  public Integer call() throws Exception {
    if (participants < 2 || participants > 14) {
      throw CliException.badInvocation(
          "--participants must be between 2 and 14, got " + participants);
    }
    if (seconds < 5 || seconds > MAX_SECONDS) {
      throw CliException.badInvocation(
          "--seconds must be between 5 and " + MAX_SECONDS + ", got " + seconds);
    }
    int speaking = talkers != null ? talkers : participants;
    if (speaking < 0 || speaking > participants) {
      throw CliException.badInvocation(
          "--talkers must be between 0 and --participants (" + participants + "), got " + speaking);
    }
    int skip = settle != null ? settle : seconds / 3;
    if (skip < 0 || skip > seconds - 3) {
      throw CliException.badInvocation(
          "--settle must be between 0 and --seconds - 3 (" + (seconds - 3) + "), got " + skip);
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("peervoice-bench-conference");
    double[] load = new double[2];
    load[0] = loadAverage();
    try (ChildProcesses children = new ChildProcesses("bench-conference")) {
      Path speech = dir.resolve("speech.wav");
      WavFile.write(speech, SpeechSample.load());
      NodeChild node =
          children.add(
              NodeChild.start(
                  List.of("--rate-limit", "100000", "--signature-rate", "10000"),
                  START_TIMEOUT_MILLIS));
      List<String> peers = new ArrayList<>();
      List<ChildProcess> parts = new ArrayList<>();
      for (int i = 0; i < participants; i++) {
        Identity id = Identity.generate(new SecureRandom());
        Path file = dir.resolve("p" + i + ".id");
        id.save(file);
        peers.add(id.peerId().toString());
        List<String> listen =
            new ArrayList<>(
                List.of(
                    "listen",
                    "--id-file",
                    file.toString(),
                    "--bootstrap",
                    node.hostPort(),
                    "--auto-answer",
                    "--calls",
                    "1",
                    "--json",
                    dir.resolve("p" + i + ".json").toString()));
        if (i < speaking) {
          listen.addAll(List.of("--play", speech.toString()));
        }
        ChildProcess p = children.add(ChildProcess.start(listen));
        parts.add(p);
      }
      for (ChildProcess p : parts) {
        p.awaitLine(l -> l.startsWith("ready "), START_TIMEOUT_MILLIS);
      }
      Identity hostId = Identity.generate(new SecureRandom());
      hostId.save(dir.resolve("host.id"));
      List<String> args = new ArrayList<>(List.of("call", peers.get(0)));
      for (String peer : peers.subList(1, peers.size())) {
        args.add("--add");
        args.add(peer);
      }
      args.addAll(
          List.of(
              "--id-file",
              dir.resolve("host.id").toString(),
              "--bootstrap",
              node.hostPort(),
              "--play",
              speech.toString(),
              "--seconds",
              Integer.toString(seconds),
              "--json",
              dir.resolve("host.json").toString()));
      ChildProcess host =
          children.add(
              ChildProcess.start(PhoneJvmOptions.forCalls(System.getenv(), participants), args));
      host.awaitLine(
          l -> l.startsWith("conference: ") && peers.stream().allMatch(l::contains),
          START_TIMEOUT_MILLIS * 3);
      long formed = System.nanoTime();
      out.printf(
          "a conference of %d participants formed (host pid %d)%n", participants, host.pid());
      out.flush();
      sleepUntil(formed + skip * 1_000_000_000L);
      long cpu0 = host.cpuMillis();
      long jit0 = host.jitCpuMillis();
      long t0 = System.nanoTime();
      sleepUntil(formed + (seconds - 1) * 1_000_000_000L);
      long cpu1 = host.cpuMillis();
      long jit1 = host.jitCpuMillis();
      long t1 = System.nanoTime();
      load[1] = loadAverage();
      Integer exit = host.awaitExit(30_000);
      if (exit == null || exit != ExitCodes.OK) {
        throw new CliException(
            ExitCodes.MEDIA_FAILED, "the host did not end well: " + host.drainLines());
      }
      for (ChildProcess p : parts) {
        p.awaitExit(15_000);
      }
      double cpuPercent = 100.0 * (cpu1 - cpu0) / ((t1 - t0) / 1e6);
      double jitPercent = 100.0 * (jit1 - jit0) / ((t1 - t0) / 1e6);
      Map<String, Object> report = report(dir, cpuPercent, (t1 - t0) / 1e9, load);
      report.put("host_jit_cpu_percent", round(jitPercent)); // S8 tel
      report.put(
          "host_cpu_percent_per_participant_without_jit",
          round((cpuPercent - jitPercent) / participants));
      print(out, report);
      if (json != null) {
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(json.toFile(), report);
      }
      return ExitCodes.OK;
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        // a temporary directory left behind
      }
    }
  }

  private Map<String, Object> report(
      Path dir, double cpuPercent, double windowSeconds, double[] load) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode host = mapper.readTree(dir.resolve("host.json").toFile());
    long concealed = 0;
    long frames = 0;
    for (JsonNode leg : host.at("/conference/legs")) {
      concealed += leg.at("/concealed_frames").asLong();
      frames += leg.at("/received_frames").asLong() + leg.at("/concealed_frames").asLong();
    }
    long partConcealed = 0;
    long partFrames = 0;
    for (int i = 0; i < participants; i++) {
      JsonNode p = mapper.readTree(dir.resolve("p" + i + ".json").toFile());
      partConcealed += p.at("/audio/concealed_frames").asLong();
      partFrames +=
          p.at("/audio/received_frames").asLong() + p.at("/audio/concealed_frames").asLong();
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("participants", participants);
    r.put("talkers", talkers != null ? talkers : participants);
    r.put("seconds", seconds);
    r.put("cpu_window_s", Math.round(windowSeconds * 10) / 10.0);
    r.put("host_cpu_percent", round(cpuPercent));
    r.put("host_cpu_percent_per_participant", round(cpuPercent / participants));
    r.put("host_concealed_percent", round(frames == 0 ? 0 : 100.0 * concealed / frames));
    r.put(
        "participants_concealed_percent",
        round(partFrames == 0 ? 0 : 100.0 * partConcealed / partFrames));
    r.put("mixer", host.at("/conference/mixer"));
    r.put(
        "mixer_alone_cpu_percent_per_participant",
        round3(MixerCost.percentPerLeg(participants, 60)));
    r.put("load_average_1m_before", load[0]);
    r.put("load_average_1m_after", load[1]);
    r.put("cores", Runtime.getRuntime().availableProcessors());
    return r;
  }

  private static void print(PrintWriter out, Map<String, Object> r) {
    JsonNode mixer = (JsonNode) r.get("mixer");
    out.printf(
        "host CPU %.1f %% of a core (%.2f %% per participant) over %.1f s%n",
        r.get("host_cpu_percent"),
        r.get("host_cpu_percent_per_participant"),
        r.get("cpu_window_s"));
    out.printf( // S8 tel
        "of which JIT compiler threads %.1f %% (%.2f %% per participant without them)%n",
        r.get("host_jit_cpu_percent"), r.get("host_cpu_percent_per_participant_without_jit"));
    out.printf(
        "concealed: %.2f %% of frames on the host's legs, %.2f %% at the participants%n",
        r.get("host_concealed_percent"), r.get("participants_concealed_percent"));
    out.printf(
        "mixer delay: mean %.1f ms, p95 %.0f ms, max %.1f ms (%d underruns, %d skipped)%n",
        mixer.at("/delay_mean_ms").asDouble(),
        mixer.at("/delay_p95_ms").asDouble(),
        mixer.at("/delay_max_ms").asDouble(),
        mixer.at("/underruns").asLong(),
        mixer.at("/skipped").asLong());
    out.printf(
        "shared mix: %d frames encoded once, %d sent by legs not speaking%n",
        mixer.at("/shared_encoded").asLong(), mixer.at("/shared_sent").asLong());
    out.printf(
        "mixer alone (in this process, 60 s of audio): %.3f %% of a core per participant%n",
        r.get("mixer_alone_cpu_percent_per_participant"));
    out.printf(
        "load average (1 min) %.2f before, %.2f after, on %d cores%n",
        r.get("load_average_1m_before"), r.get("load_average_1m_after"), r.get("cores"));
    out.flush();
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left = nanos - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }
}
