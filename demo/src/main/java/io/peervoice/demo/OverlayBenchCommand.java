package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peervoice.signaling.OverlaySimulation;
import io.peervoice.signaling.SimulationConfig;
import io.peervoice.signaling.SimulationResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code peervoice bench overlay}: the overlay at scale, simulated in virtual time. */
@Command(
    name = "overlay",
    mixinStandardHelpOptions = true,
    description =
        "Simulate an overlay of N nodes (real node logic, virtual time, 10-80 ms latency, 1%% loss):"
            + " record lookups before and after killing a share of the nodes.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice bench overlay --nodes 200",
      "  peervoice bench overlay --nodes 2000 --kill 20 --seed 7 --json overlay.json",
      "  peervoice bench overlay --nodes 500 --disjoint-paths 1   # plain Kademlia"
    })
final class OverlayBenchCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--nodes",
      defaultValue = "2000",
      description = "Nodes (default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(
      names = "--kill",
      defaultValue = "20",
      paramLabel = "PCT",
      description = "Percent of nodes killed at once (default ${DEFAULT-VALUE}).")
  int kill;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--disjoint-paths",
      defaultValue = "2",
      paramLabel = "D",
      description =
          "Disjoint paths per lookup (S/Kademlia; 1 is plain Kademlia; default ${DEFAULT-VALUE}).")
  int disjointPaths;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON.")
  Path json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (nodes < 2 || nodes > 65_536 || kill < 0 || kill > 90 || disjointPaths < 1) {
      spec.commandLine()
          .getErr()
          .println(
              "peervoice bench overlay: need --nodes >= 2 (at most 65536), 0 <= --kill <= 90 and"
                  + " --disjoint-paths >= 1");
      return 2;
    }
    SimulationConfig config =
        SimulationConfig.of(nodes, kill, seed).withDisjointPaths(disjointPaths);
    out.printf(
        "simulating %d nodes, %d peers, %d lookups; then killing %d%% of the nodes...%n",
        nodes, config.peers(), config.lookups(), kill);
    out.flush();
    long started = System.nanoTime();
    SimulationResult r = OverlaySimulation.run(config);
    out.printf(
        "before: lookup_success_pct %.2f  hops_mean %.2f  hops_p95 %d  lookup_ms_p50 %d  lookup_ms_p95 %d%n",
        r.lookupSuccessPct(), r.hopsMean(), r.hopsP95(), r.lookupMsP50(), r.lookupMsP95());
    out.printf(
        "after killing %d nodes: lookup_success_pct %.2f  hops_mean %.2f  hops_p95 %d  lookup_ms_p50 %d  lookup_ms_p95 %d%n",
        r.killed(),
        r.lookupSuccessPctAfterKill(),
        r.hopsMeanAfterKill(),
        r.hopsP95AfterKill(),
        r.lookupMsP50AfterKill(),
        r.lookupMsP95AfterKill());
    out.printf(
        "(%d datagrams delivered, %d lost; %.1f s of real time)%n",
        r.datagramsDelivered(), r.datagramsLost(), (System.nanoTime() - started) / 1e9);
    if (json != null) {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(json.toFile(), toJson(r));
    }
    return 0;
  }

  /** The stable {@code --json} contract: the after-kill figures carry the names. */
  static Map<String, Object> toJson(SimulationResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nodes", r.nodes());
    m.put("killed", r.killed());
    m.put("peers", r.peers());
    m.put("lookups", r.lookups());
    m.put("lookup_success_pct", round(r.lookupSuccessPctAfterKill()));
    m.put("hops_mean", round(r.hopsMeanAfterKill()));
    m.put("hops_p95", r.hopsP95AfterKill());
    m.put("lookup_ms_p50", r.lookupMsP50AfterKill());
    m.put("lookup_ms_p95", r.lookupMsP95AfterKill());
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("lookup_success_pct", round(r.lookupSuccessPct()));
    before.put("hops_mean", round(r.hopsMean()));
    before.put("hops_p95", r.hopsP95());
    before.put("lookup_ms_p50", r.lookupMsP50());
    before.put("lookup_ms_p95", r.lookupMsP95());
    m.put("before_kill", before);
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
