package io.peervoice.demo;

import io.peervoice.signaling.NodeLoad;
import io.peervoice.signaling.PeerId;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peervoice bench node-capacity-peers}: one process of simulated peers for {@link
 * NodeCapacityBenchCommand} ({@link NodeLoad}). Prints {@code attached A failed F} once every peer
 * attached or gave up (after writing their ids to {@code --ids}), then {@code status ...} with its
 * counters every two seconds, until it is stopped.
 */
@Command(
    name = "node-capacity-peers",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Simulated peers of 'peervoice bench node-capacity' (started by it).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice bench node-capacity-peers --node 127.0.0.1:7400 --node-id ID \\",
      "      --peers 1000 --first 0 --ids peers.txt"
    })
final class NodeCapacityPeersCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--node", required = true, converter = HostPort.class, paramLabel = "HOST:PORT")
  InetSocketAddress node;

  @Option(names = "--node-id", required = true, paramLabel = "ID")
  String nodeId;

  @Option(names = "--peers", required = true, paramLabel = "N")
  int peers;

  @Option(names = "--first", defaultValue = "0", paramLabel = "K")
  int first;

  @Option(names = "--keepalive-ms", defaultValue = "25000", paramLabel = "MS")
  long keepaliveMillis;

  @Option(names = "--republish-ms", defaultValue = "0", paramLabel = "MS")
  long republishMillis;

  @Option(names = "--ids", required = true, paramLabel = "FILE")
  Path ids;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Duration republish =
        republishMillis > 0 ? Duration.ofMillis(republishMillis) : NodeLoad.DEFAULT_REPUBLISH;
    NodeLoad load;
    try {
      load =
          NodeLoad.start(
              node,
              PeerId.parse(nodeId),
              peers,
              first,
              Duration.ofMillis(keepaliveMillis),
              republish);
    } catch (IOException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("peervoice bench node-capacity-peers: " + e.getMessage());
      return 1;
    }
    try (load) {
      NodeLoad.Counts c = load.counts();
      while (c.attached() + c.failed() < peers) {
        if (load.failure() != null) {
          throw new IOException("the simulated peers stopped", load.failure());
        }
        status(out, c);
        Thread.sleep(2_000);
        c = load.counts();
      }
      List<String> lines = load.peerIds().stream().map(PeerId::toString).toList();
      Files.write(ids, lines);
      out.printf("attached %d failed %d%n", c.attached(), c.failed());
      out.flush();
      while (load.failure() == null) {
        status(out, load.counts());
        Thread.sleep(2_000);
      }
      throw new IOException("the simulated peers stopped", load.failure());
    }
  }

  private static void status(PrintWriter out, NodeLoad.Counts c) {
    out.printf(
        "status attached %d failed %d pings %d pongs %d missed %d lost %d published %d"
            + " dropped %d refusals %s%n",
        c.attached(),
        c.failed(),
        c.pingsSent(),
        c.pongs(),
        c.missed(),
        c.lost(),
        c.published(),
        c.sendDropped(),
        c.refusals().toString().replace(' ', '_'));
    out.flush();
  }
}
