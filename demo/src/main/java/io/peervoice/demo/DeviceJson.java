package io.peervoice.demo;

import io.peervoice.media.audio.AudioDevice;
import io.peervoice.media.audio.DeviceStats;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code devices} section of a call report: for {@code capture} and {@code playback}, the
 * device the call used ({@link DeviceStats}) or null when it used none (a file, silence). Field
 * names are a stable contract.
 */
final class DeviceJson {
  private DeviceJson() {}

  static void put(Map<String, Object> root, List<DeviceStats> devices) {
    Map<String, Object> section = new LinkedHashMap<>();
    for (AudioDevice.Kind kind : AudioDevice.Kind.values()) {
      section.put(kind.word(), of(devices, kind).map(DeviceJson::fields).orElse(null));
    }
    root.put("devices", section);
  }

  private static Optional<DeviceStats> of(List<DeviceStats> devices, AudioDevice.Kind kind) {
    return devices.stream().filter(d -> d.kind() == kind).findFirst();
  }

  private static Map<String, Object> fields(DeviceStats d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", d.device());
    m.put("buffer_ms", MediaJson.round1(d.bufferMillis()));
    m.put("latency_ms", d.latencyMillis() < 0 ? null : MediaJson.round1(d.latencyMillis()));
    m.put(
        "max_latency_ms", d.maxLatencyMillis() < 0 ? null : MediaJson.round1(d.maxLatencyMillis()));
    m.put("underruns", d.underruns());
    m.put("underrun_ms", d.underrunMillis());
    m.put("overruns", d.overruns());
    return m;
  }

  /**
   * One summary line per device, e.g. {@code mic "USB": latency 34 ms (buffer 40 ms), 0
   * under-runs}.
   */
  static void print(PrintWriter out, List<DeviceStats> devices) {
    for (DeviceStats d : devices) {
      out.printf(
          Locale.ROOT,
          "  %s \"%s\": latency %s (line buffer %.0f ms), %d under-run(s) (%d ms), %d over-run(s)%n",
          d.kind() == AudioDevice.Kind.CAPTURE ? "mic" : "speaker",
          d.device(),
          d.latencyMillis() < 0
              ? "not measured"
              : String.format(Locale.ROOT, "%.0f ms", d.latencyMillis()),
          d.bufferMillis(),
          d.underruns(),
          d.underrunMillis(),
          d.overruns());
    }
  }
}
