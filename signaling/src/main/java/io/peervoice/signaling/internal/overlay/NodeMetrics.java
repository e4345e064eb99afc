package io.peervoice.signaling.internal.overlay;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
  public String scrape() {
    return registry.scrape();
  }
}
