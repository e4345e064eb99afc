package io.peervoice.signaling.internal.overlay;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.peervoice.natives.StreamCounters;
import io.peervoice.natives.StreamServer;
import io.peervoice.signaling.internal.overlay.NodeCounters.Event;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * A node's counters and table sizes as Prometheus metrics ({@code peervoice_node_*}). Sizes are
 * sampled on the node's thread and published through volatile fields, so a scrape never touches the
 * logic's tables.
 */
public final class NodeMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private volatile int routingTable;
  private volatile int records;
  private volatile int attachments;
  private volatile int pending;

  public NodeMetrics(NodeCounters counters, String nodeId, String transport) {
    registry.config().commonTags("node", nodeId);
    for (Event e : Event.values()) {
      FunctionCounter.builder(
              "peervoice_node_" + e.name().toLowerCase(Locale.ROOT), counters, c -> c.get(e))
          .register(registry);
    }
    gauge("peervoice_node_routing_table_nodes", () -> routingTable);
    gauge("peervoice_node_records", () -> records);
    gauge("peervoice_node_attachments", () -> attachments);
    gauge("peervoice_node_pending_requests", () -> pending);
    Gauge.builder("peervoice_node_info", () -> 1).tag("transport", transport).register(registry);
  }

  private void gauge(String name, IntSupplier value) {
    Gauge.builder(name, value::getAsInt).register(registry);
  }

  /** Called on the node's thread. */
  public void sample(OverlayNode node) {
    routingTable = node.routingTableSize();
    records = node.records();
    attachments = node.attachments();
    pending = node.pending();
  }

  public int routingTable() {
    return routingTable;
  }

  public int records() {
    return records;
  }

  public int attachments() {
    return attachments;
  }

  /** The Prometheus text exposition. */
  /**
   * Exports a stream listener's counters, tagged {@code transport=tcp} or {@code tls}: {@code
   * peervoice_node_stream_<name>_total} and the gauge {@code peervoice_node_stream_open} (weakly
   * held by the registry, as Micrometer does: the node holds {@code server}).
   */
  public void streams(String transport, StreamServer server) {
    streams(transport, server, StreamServer::counters);
  }

  // S5 web
  /** As {@link #streams(String, StreamServer)}, for the browsers' endpoint ({@code ws}). */
  public void streams(String transport, io.peervoice.natives.WebSocketServer server) {
    streams(transport, server, io.peervoice.natives.WebSocketServer::counters);
  }

  private <T> void streams(
      String transport, T server, java.util.function.Function<T, StreamCounters> counters) {
    java.util.Map<String, java.util.function.ToLongFunction<StreamCounters>> all =
        java.util.Map.of(
            "accepted", StreamCounters::accepted,
            "refused_total", StreamCounters::refusedTotal,
            "refused_per_ip", StreamCounters::refusedPerIp,
            "handshake_failed", StreamCounters::handshakeFailed,
            "corrupt", StreamCounters::corrupt,
            "idle_closed", StreamCounters::idleClosed,
            "frames_in", StreamCounters::framesIn,
            "frames_out", StreamCounters::framesOut,
            "sends_refused", StreamCounters::sendsRefused);
    all.forEach(
        (name, f) ->
            FunctionCounter.builder(
                    "peervoice_node_stream_" + name, server, c -> f.applyAsLong(counters.apply(c)))
                .tag("transport", transport)
                .register(registry));
    Gauge.builder("peervoice_node_stream_open", server, c -> counters.apply(c).open())
        .tag("transport", transport)
        .register(registry);
  }

  public String scrape() {
    return registry.scrape();
  }
}
