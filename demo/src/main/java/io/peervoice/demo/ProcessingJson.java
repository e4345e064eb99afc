package io.peervoice.demo;

import io.peervoice.media.processing.ProcessingEngine;
import io.peervoice.media.processing.ProcessingStats;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code audio_processing} section of a call report: {@code engine} ({@code peervoice-aec},
 * {@code webrtc-aec3}, {@code speexdsp} or {@code none}), {@code echo_delay_ms} (the estimated echo
 * path delay) and {@code erle_db} (echo return loss enhancement), null while not known. Stable
 * field names.
 */
final class ProcessingJson {
  private ProcessingJson() {}

  static void put(Map<String, Object> root, Optional<ProcessingStats> stats) {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("engine", stats.map(ProcessingStats::engine).orElse(ProcessingEngine.NONE).label());
    section.put(
        "echo_delay_ms",
        stats.filter(ProcessingStats::hasEchoDelay).map(ProcessingStats::echoDelayMs).orElse(null));
    section.put(
        "erle_db",
        stats
            .filter(ProcessingStats::hasErle)
            .map(s -> Math.round(s.erleDb() * 10) / 10.0)
            .orElse(null));
    root.put("audio_processing", section);
  }

  /** The summary line, when a stage ran. */
  static void print(PrintWriter out, Optional<ProcessingStats> stats) {
    stats.ifPresent(
        s ->
            out.printf(
                Locale.ROOT,
                "  audio processing: %s; echo delay %s, ERLE %s%n",
                s.engine().label(),
                s.hasEchoDelay() ? s.echoDelayMs() + " ms" : "not estimated",
                s.hasErle() ? String.format(Locale.ROOT, "%.1f dB", s.erleDb()) : "not measured"));
  }
}
