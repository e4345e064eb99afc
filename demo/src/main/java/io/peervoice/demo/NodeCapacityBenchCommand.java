package io.peervoice.demo;

import io.peervoice.signaling.Identity;
import io.peervoice.signaling.OverlayClient;
import io.peervoice.signaling.PeerId;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peervoice bench node-capacity}: one node process (a fresh JVM, {@code peervoice node}), N
 * simulated peers attached to it from {@code node-capacity-peers} processes (each peer on its own
 * loopback address, real handshake and keepalives, as many per process as {@code ulimit -n}
 * allows), and a real overlay client that looks up random peers' records meanwhile. Reports the
 * node's CPU in the steady state, its heap per attached peer (live heap after a full GC, from
 * {@code jcmd GC.class_histogram}, with N peers minus with none) and the lookup round trips.
 */
@Command(
    name = "node-capacity",
    mixinStandardHelpOptions = true,
    description =
        "Attach N simulated peers (real wire format and handshake, one loopback address each) to"
            + " one node process, keep them alive at the default keepalive and report the node's"
            + " CPU, its heap per attached peer and lookup latency at that load.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice bench node-capacity --peers 100000 --json capacity.json",
      "  peervoice bench node-capacity --peers 2000 --seconds 30"
    })
final class NodeCapacityBenchCommand implements Callable<Integer> {
  /** File descriptors a peer process keeps for itself (JVM, pipes, jars). */
  private static final int RESERVED_FDS = 500;

  /**
   * The lookup client's keepalive: short, so that it attaches again at once if a busy machine made
   * its first attempt fail (one PING a second is nothing next to the simulated peers' thousands).
   */
  private static final Duration LOOKUP_CLIENT_KEEPALIVE = Duration.ofSeconds(1);

  private static final Pattern METRICS = Pattern.compile("metrics on http://(\\S+)/metrics");
  private static final Pattern ATTACHMENTS =
      Pattern.compile("(?m)^peervoice_node_attachments(?:\\{[^}]*\\})? ([0-9.eE+]+)$");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--peers",
      defaultValue = "100000",
      description = "Simulated peers to attach (default ${DEFAULT-VALUE}).")
  int peers;

  @Option(
      names = "--seconds",
      defaultValue = "60",
      description = "Measurement window once all are attached (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--keepalive",
      defaultValue = "25",
      paramLabel = "SECONDS",
      description = "Each peer's PING period (default ${DEFAULT-VALUE}, the phones' default).")
  int keepalive;

  @Option(
      names = "--peers-per-process",
      paramLabel = "N",
      description = "Simulated peers per process (default: 16000, or fewer if ulimit -n is lower).")
  Integer perProcess;

  @Option(
      names = "--node-jvm",
      split = " ",
      paramLabel = "OPTIONS",
      description =
          "JVM options of the node process (default -Xmx1g), e.g."
              + " '-Xmx1g -XX:StartFlightRecording=settings=profile,filename=node.jfr'.")
  List<String> nodeJvm = List.of("-Xmx1g");

  @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON.")
  Path json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String bad = badOption();
    if (bad != null) {
      spec.commandLine().getErr().println("peervoice bench node-capacity: " + bad);
      return 2;
    }
    long fds = openFilesLimit();
    int each = perProcess != null ? perProcess : (int) Math.min(16_000, fds - RESERVED_FDS);
    if (each < 1 || each > fds - RESERVED_FDS / 5) {
      spec.commandLine()
          .getErr()
          .printf(
              "peervoice bench node-capacity: ulimit -n is %d, too low for %s peers per process;"
                  + " raise it (ulimit -n 20000) or lower --peers-per-process%n",
              fds, perProcess != null ? perProcess : "any");
      return 1;
    }
    List<String> nodeArgs =
        List.of(
            "--node-id-work", "0",
            "--signature-rate", "100000",
            "--max-attachments", Integer.toString(peers + 64),
            "--metrics-port", "0");
    try (ChildProcesses children = new ChildProcesses("bench-node-capacity")) {
      NodeChild node = children.add(NodeChild.start(nodeJvm, nodeArgs, 30_000));
      Matcher m = METRICS.matcher(node.process().awaitLine(l -> METRICS.matcher(l).find(), 10_000));
      if (!m.find()) {
        throw new IOException("the node printed no metrics address");
      }
      URI metrics = URI.create("http://" + m.group(1) + "/metrics");
      out.printf("node %s at %s (pid %d)%n", node.id(), node.hostPort(), node.process().pid());
      return measure(out, children, node, metrics, each);
    }
  }

  private int measure(
      PrintWriter out, ChildProcesses children, NodeChild node, URI metrics, int each)
      throws Exception {
    Identity me = Identity.generate(new SecureRandom());
    try (OverlayClient client =
        OverlayClient.start(
            me,
            List.of(node.address()),
            new InetSocketAddress(node.address().getAddress(), 0),
            LOOKUP_CLIENT_KEEPALIVE)) {
      client.awaitReady(Duration.ofSeconds(60));
      HeapHistogram before = HeapHistogram.of(node.process().pid());
      Path dir = Files.createTempDirectory("peervoice-capacity");
      List<PeerProcess> swarm = new ArrayList<>();
      try {
        for (int first = 0; first < peers; first += each) {
          swarm.add(
              children.add(
                  PeerProcess.start(node, dir, first, Math.min(each, peers - first), keepalive)));
        }
        out.printf("attaching %d peers from %d processes%n", peers, swarm.size());
        out.flush();
        long attachStart = System.nanoTime();
        PeerProcess.awaitAttached(swarm, out, Duration.ofSeconds(60 + peers / 50));
        double attachSeconds = (System.nanoTime() - attachStart) / 1e9;
        List<PeerId> ids = PeerProcess.ids(swarm);
        Thread.sleep(5_000);
        ProcessSampler sampler = new ProcessSampler(node.process());
        LookupProbe lookups = new LookupProbe(client, ids, new SplittableRandom(7));
        Thread probe = new Thread(lookups, "capacity-lookups");
        probe.start();
        PeerProcess.Status start = PeerProcess.status(swarm);
        sampler.sampleUntil(System.nanoTime() + seconds * 1_000_000_000L);
        lookups.stop();
        probe.join(10_000);
        PeerProcess.Status end = PeerProcess.status(swarm);
        int held = attachments(metrics) - 1;
        HeapHistogram after = HeapHistogram.of(node.process().pid());
        NodeCapacityReport report =
            new NodeCapacityReport(
                peers,
                held,
                seconds,
                keepalive,
                swarm.size(),
                attachSeconds,
                sampler.side(0, 1),
                before,
                after,
                lookups,
                start,
                end);
        report.print(out);
        if (json != null) {
          report.writeJson(json);
        }
        return held == peers ? 0 : 1;
      } finally {
        swarm.forEach(children::stop);
      }
    }
  }

  /** The node's attachments gauge (sampled by the node once a second). */
  private static int attachments(URI metrics) throws IOException, InterruptedException {
    Thread.sleep(1_200);
    try (InputStream in = metrics.toURL().openStream()) {
      Matcher m = ATTACHMENTS.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      if (!m.find()) {
        throw new IOException("the node's /metrics has no peervoice_node_attachments");
      }
      return (int) Double.parseDouble(m.group(1));
    }
  }

  private String badOption() {
    if (peers < 1 || peers > 1_000_000) {
      return "--peers must be between 1 and 1000000, got " + peers;
    }
    if (seconds < 5 || seconds > 3600) {
      return "--seconds must be between 5 and 3600, got " + seconds;
    }
    if (keepalive < 1 || keepalive > 60) {
      return "--keepalive must be between 1 and 60 seconds, got " + keepalive;
    }
    if (perProcess != null && perProcess < 1) {
      return "--peers-per-process must be at least 1, got " + perProcess;
    }
    return null;
  }

  /** The soft limit on open files of this process (children inherit it). */
  private static long openFilesLimit() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
      if (line.startsWith("Max open files")) {
        String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
        return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
      }
    }
    return 1024;
  }
}
