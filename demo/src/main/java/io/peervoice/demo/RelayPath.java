package io.peervoice.demo;

import io.peervoice.session.MediaSessionStats;
import java.util.Locale;
import java.util.Optional;

/**
 * How a call's media reaches its TURN server when our end of the selected pair is relayed, for
 * reports: {@code ice.relay_transport} ({@code udp}, {@code tcp} or {@code tls}; the relay itself
 * is UDP in every case; null on a path from our own port) and {@code ice.relay_rtt_ms} (the round
 * trip to the TURN server as its client measured it, the least of its requests: the detour's cost;
 * null when not relayed or not measured). The NAT lab's rows use the same names.
 */
final class RelayPath {
  private RelayPath() {}

  static Optional<String> transport(MediaSessionStats stats) {
    return stats.relayTransport().map(t -> t.label());
  }

  static Optional<Double> roundTripMillis(MediaSessionStats stats) {
    return stats.relayRoundTrip().map(d -> Math.round(d.toNanos() / 100_000.0) / 10.0);
  }

  /** {@code " through TURN over TLS (12.0 ms to the server)"}, or empty when not relayed. */
  static String words(MediaSessionStats stats) {
    return transport(stats)
        .map(
            t ->
                " through TURN over "
                    + t.toUpperCase(Locale.ROOT)
                    + roundTripMillis(stats)
                        .map(ms -> String.format(Locale.ROOT, " (%.1f ms to the server)", ms))
                        .orElse(""))
        .orElse("");
  }

  /**
   * {@code ice.port_prediction}: {@code {tried, probes_sent, sockets_opened, found, active}}, or
   * null when port prediction is off.
   */
  static java.util.Map<String, Object> portPrediction(MediaSessionStats stats) {
    return stats
        .portPrediction()
        .map(
            p -> {
              java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
              m.put("tried", p.tried());
              m.put("probes_sent", p.probesSent());
              m.put("sockets_opened", p.socketsOpened());
              m.put("found", p.found());
              m.put("active", p.active());
              return m;
            })
        .orElse(null);
  }
}
