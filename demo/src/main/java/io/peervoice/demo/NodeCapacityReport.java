package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code peervoice bench node-capacity} found.
 *
 * @param peers simulated peers asked for
 * @param held attachments the node holds at the end, the lookup client's not counted
 * @param seconds the measurement window
 * @param keepalive each peer's PING period, seconds
 * @param processes simulated peer processes
 * @param attachSeconds how long attaching every peer took
 * @param node the node process over the window
 * @param before the node's live heap with only the lookup client attached
 * @param after the node's live heap with every peer attached, after the window
 * @param lookups the lookups made during the window
 * @param start the peers' counters at the start of the window
 * @param end the same at its end
 */
record NodeCapacityReport(
    int peers,
    int held,
    int seconds,
    int keepalive,
    int processes,
    double attachSeconds,
    ProcessSampler.Side node,
    HeapHistogram before,
    HeapHistogram after,
    LookupProbe lookups,
    PeerProcess.Status start,
    PeerProcess.Status end) {

  double cpuPct() {
    return node.cpuPctPerCall();
  }

  /** Attached peers one core of the node would hold at this load. */
  double perCore() {
    return held / (Math.max(cpuPct(), 0.01) / 100);
  }

  double bytesPerPeer() {
    return held == 0 ? 0 : (double) (after.totalBytes() - before.totalBytes()) / held;
  }

  void print(PrintWriter out) {
    long pings = end.pings() - start.pings();
    out.printf(
        "%d peers attached in %.0f s from %d processes; measured %d s, PING every %d s%n",
        held, attachSeconds, processes, seconds, keepalive);
    out.printf("%-36s %12d%n", "attached peers", held);
    out.printf("%-36s %12.1f%n", "PINGs per second", (double) pings / seconds);
    out.printf("%-36s %12d%n", "PINGs unanswered", end.missed() - start.missed());
    out.printf("%-36s %12d%n", "attachments lost", end.lost() - start.lost());
    out.printf("%-36s %12d%n", "records republished", end.published() - start.published());
    out.printf("%-36s %12.2f%n", "node CPU (% of a core)", cpuPct());
    out.printf("%-36s %12.0f%n", "attached peers per core", perCore());
    out.printf("%-36s %12.0f%n", "node resident MB (peak)", node.peakRssMb());
    out.printf("%-36s %12d%n", "node threads (peak)", node.peakThreads());
    out.printf("%-36s %12.0f%n", "node heap bytes per peer", bytesPerPeer());
    for (Map.Entry<String, Long> e : after.grownMost(before, 8)) {
      out.printf("  %-34s %12.0f%n", e.getKey(), held == 0 ? 0 : (double) e.getValue() / held);
    }
    out.printf(
        "%-36s %12s%n", "lookups answered / failed", lookups.answered() + " / " + lookups.failed());
    out.printf("%-36s %12.2f%n", "lookup ms p50", lookups.quantile(0.5));
    out.printf("%-36s %12.2f%n", "lookup ms p99", lookups.quantile(0.99));
    out.flush();
  }

  /** The JSON the issue defines (field names are a stable contract), and more. */
  void writeJson(Path file) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("attached_peers", held);
    m.put("node_cpu_pct", round(cpuPct()));
    m.put("attached_per_core", Math.round(perCore()));
    m.put("bytes_per_peer", Math.round(bytesPerPeer()));
    m.put("lookup_ms_p50", round(lookups.quantile(0.5)));
    m.put("lookup_ms_p99", round(lookups.quantile(0.99)));
    m.put("peers", peers);
    m.put("seconds", seconds);
    m.put("keepalive_s", keepalive);
    m.put("peer_processes", processes);
    m.put("attach_s", round(attachSeconds));
    m.put("pings", end.pings() - start.pings());
    m.put("pings_unanswered", end.missed() - start.missed());
    m.put("attachments_lost", end.lost() - start.lost());
    m.put("records_republished", end.published() - start.published());
    m.put("lookups", lookups.answered());
    m.put("lookups_failed", lookups.failed());
    m.put("node_rss_mb", round(node.peakRssMb()));
    m.put("node_threads", node.peakThreads());
    m.put("heap_bytes_before", before.totalBytes());
    m.put("heap_bytes_after", after.totalBytes());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), m);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
