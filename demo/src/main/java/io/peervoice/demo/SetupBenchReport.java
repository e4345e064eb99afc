package io.peervoice.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code peervoice bench setup} measured: the idle listener, and for every numeric field of
 * the callers' {@code setup} objects its values and median. JSON: {@code listen_ready_ms}, {@code
 * listen_idle_threads}, {@code listen_idle_rss_mb}, {@code listen_thread_names}, {@code runs},
 * {@code call_process_ms} and {@code setup} (field to {@code {"median": m, "values": [...]}}).
 *
 * @param idle the listener once it was ready and idle
 * @param setups each measured call's {@code setup} object
 * @param callProcessMillis each measured call process's life, spawn to exit
 */
record SetupBenchReport(Idle idle, List<JsonNode> setups, List<Double> callProcessMillis) {

  /** The listener: spawn to {@code ready}, then its threads and memory while idle. */
  record Idle(double readyMillis, int threads, double rssMb, Map<String, Integer> threadNames) {}

  /** The median of {@code values} (the mean of the middle two for an even count); NaN if empty. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Every numeric setup field, in the order the first report has them, with its values. */
  Map<String, List<Double>> fields() {
    Map<String, List<Double>> all = new LinkedHashMap<>();
    for (JsonNode setup : setups) {
      for (Iterator<Map.Entry<String, JsonNode>> it = setup.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getValue().isNumber() && f.getValue().asDouble() >= 0) {
          all.computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(f.getValue().asDouble());
        }
      }
    }
    return all;
  }

  void print(PrintWriter out) {
    out.printf(
        "listen: ready %.0f ms after spawn; idle %d threads, %.0f MB resident%n",
        idle.readyMillis(), idle.threads(), idle.rssMb());
    out.printf("  threads by name: %s%n", idle.threadNames());
    out.printf(
        "%d fresh call processes (median, then each run):%n  %-34s %7.0f  %s%n",
        setups.size(), "call_process_ms", median(callProcessMillis), runs(callProcessMillis));
    fields()
        .forEach(
            (name, values) ->
                out.printf("  %-34s %7.0f  %s%n", name, median(values), runs(values)));
    out.flush();
  }

  private static String runs(List<Double> values) {
    return values.stream().map(v -> String.format("%.0f", v)).toList().toString();
  }

  Map<String, Object> toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("listen_ready_ms", Math.round(idle.readyMillis()));
    root.put("listen_idle_threads", idle.threads());
    root.put("listen_idle_rss_mb", Math.round(idle.rssMb() * 10) / 10.0);
    root.put("listen_thread_names", new TreeMap<>(idle.threadNames()));
    root.put("runs", setups.size());
    root.put("call_process_ms", entry(callProcessMillis));
    Map<String, Object> setup = new LinkedHashMap<>();
    fields().forEach((name, values) -> setup.put(name, entry(values)));
    root.put("setup", setup);
    return root;
  }

  private static Map<String, Object> entry(List<Double> values) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("median", Math.round(median(values) * 10) / 10.0);
    e.put("values", values.stream().map(v -> Math.round(v * 10) / 10.0).toList());
    return e;
  }

  void writeJson(Path file) throws IOException {
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), toJson());
  }
}
