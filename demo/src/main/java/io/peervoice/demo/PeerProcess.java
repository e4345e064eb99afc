package io.peervoice.demo;

import io.peervoice.signaling.PeerId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code peervoice bench node-capacity-peers} process of {@link NodeCapacityBenchCommand}, and
 * what it last printed: whether all its peers attached, and its counters (at most two seconds old).
 */
final class PeerProcess implements AutoCloseable {
  /** Counters of one or more peer processes. */
  record Status(
      long attached, long failed, long pings, long pongs, long missed, long lost, long published) {
    static final Status NONE = new Status(0, 0, 0, 0, 0, 0, 0);

    Status plus(Status o) {
      return new Status(
          attached + o.attached,
          failed + o.failed,
          pings + o.pings,
          pongs + o.pongs,
          missed + o.missed,
          lost + o.lost,
          published + o.published);
    }
  }

  private static final Pattern STATUS =
      Pattern.compile(
          "status attached (\\d+) failed (\\d+) pings (\\d+) pongs (\\d+) missed (\\d+) lost"
              + " (\\d+) published (\\d+) dropped \\d+ refusals (\\S*)");
  private static final Pattern DONE = Pattern.compile("^attached (\\d+) failed (\\d+)$");

  private final ChildProcess process;
  private final Path ids;
  private Status status = Status.NONE;
  private String refusals = "{}";
  private boolean done;

  private PeerProcess(ChildProcess process, Path ids) {
    this.process = process;
    this.ids = ids;
  }

  static PeerProcess start(NodeChild node, Path dir, int first, int peers, int keepaliveSeconds)
      throws IOException {
    Path ids = dir.resolve("peers-" + first + ".txt");
    ChildProcess p =
        ChildProcess.start(
            List.of("-Xmx768m"),
            List.of(
                "bench",
                "node-capacity-peers",
                "--node",
                node.hostPort(),
                "--node-id",
                node.id().toString(),
                "--peers",
                Integer.toString(peers),
                "--first",
                Integer.toString(first),
                "--keepalive-ms",
                Long.toString(keepaliveSeconds * 1000L),
                "--ids",
                ids.toString()));
    return new PeerProcess(p, ids);
  }

  /** Reads what the process printed; fails if it exited. */
  void poll() throws IOException {
    List<String> lines = process.drainLines();
    for (String line : lines) {
      Matcher m = STATUS.matcher(line);
      if (m.find()) {
        long[] v = new long[7];
        for (int i = 0; i < 7; i++) {
          v[i] = Long.parseLong(m.group(i + 1));
        }
        status = new Status(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
        refusals = m.group(8);
      } else if (DONE.matcher(line).find()) {
        done = true;
      }
    }
    if (process.exited()) {
      throw new IOException("a peer process exited: " + String.join(" | ", lines));
    }
  }

  /** Waits until every process has attached all its peers (or given up on some). */
  static void awaitAttached(List<PeerProcess> all, PrintWriter out, Duration limit)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    long nextReport = System.nanoTime() + 10_000_000_000L;
    while (true) {
      boolean allDone = true;
      for (PeerProcess p : all) {
        p.poll();
        allDone &= p.done;
      }
      if (allDone) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("peers still attaching after " + limit.toSeconds() + " s");
      }
      if (System.nanoTime() > nextReport) {
        Status s = status(all);
        out.printf("  attached %d, failed %d%n", s.attached(), s.failed());
        out.flush();
        nextReport += 10_000_000_000L;
      }
      Thread.sleep(500);
    }
  }

  /** The counters of all processes together. */
  static Status status(List<PeerProcess> all) throws IOException {
    Status sum = Status.NONE;
    for (PeerProcess p : all) {
      p.poll();
      sum = sum.plus(p.status);
    }
    return sum;
  }

  /** What went wrong, per process (as printed). */
  static List<String> refusals(List<PeerProcess> all) {
    List<String> out = new ArrayList<>();
    for (PeerProcess p : all) {
      out.add(p.refusals);
    }
    return out;
  }

  /** The ids of every peer, as the processes wrote them once attached. */
  static List<PeerId> ids(List<PeerProcess> all) throws IOException {
    List<PeerId> out = new ArrayList<>();
    for (PeerProcess p : all) {
      for (String line : Files.readAllLines(p.ids)) {
        out.add(PeerId.parse(line));
      }
    }
    return out;
  }

  @Override
  public void close() {
    process.close();
  }
}
