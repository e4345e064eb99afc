package io.peervoice.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code peervoice bench calls} found: each phone's figures over the window, the two phones'
 * own reports (frames decoded and concealed, late packets, AES provider) and the codec's share.
 *
 * @param settle seconds skipped after all calls carried audio, before the window
 * @param window seconds of the window (CPU per call), from the settle time to 1 s before the end
 * @param whole seconds from all calls carrying audio to the window's end (the *_whole figures)
 * @param callerReport the caller process's JSON report
 * @param calleeReport the callee process's JSON report
 */
record CallsBenchReport(
    int calls,
    int seconds,
    int complexity,
    int settle,
    double window,
    double whole,
    ProcessSampler.Side caller,
    ProcessSampler.Side callee,
    JsonNode callerReport,
    JsonNode calleeReport,
    CodecCost codec) {

  /** Frames concealed among all frames played out, both sides, every call, in percent. */
  double concealedPct() {
    long decoded = frames("frames_decoded");
    long concealed = frames("frames_concealed");
    return decoded + concealed == 0 ? 100 : 100.0 * concealed / (decoded + concealed);
  }

  /**
   * Frames concealed among all played out over the window (from the phones' marks, taken {@code
   * settle} seconds after all calls carried audio, to the end), both sides, in percent; null when a
   * phone took no mark.
   */
  Double concealedPctWindow() {
    return windowConcealedPct(callerReport, calleeReport);
  }

  /** {@link #concealedPctWindow()} of two phones' reports. */
  static Double windowConcealedPct(JsonNode caller, JsonNode callee) {
    long decoded = 0;
    long concealed = 0;
    for (JsonNode r : new JsonNode[] {caller, callee}) {
      JsonNode decodedMark = r.path("frames_decoded_at_mark");
      JsonNode concealedMark = r.path("frames_concealed_at_mark");
      if (!decodedMark.isIntegralNumber() || !concealedMark.isIntegralNumber()) {
        return null;
      }
      decoded += r.path("frames_decoded").asLong() - decodedMark.asLong();
      concealed += r.path("frames_concealed").asLong() - concealedMark.asLong();
    }
    return decoded + concealed <= 0 ? null : 100.0 * concealed / (decoded + concealed);
  }

  /**
   * Frames a phone played (decoded or concealed) over its calls' nominal 50 a second for {@code
   * seconds}, in percent: under 100 when it fell behind real time (ticks that never ran, which
   * {@link #concealedPct()} does not count), a little over when staggered set-up made early calls
   * longer.
   */
  double playedPct(JsonNode report) {
    long played = report.path("frames_decoded").asLong() + report.path("frames_concealed").asLong();
    return 100.0 * played / (calls * (double) seconds * 50);
  }

  private long frames(String field) {
    return callerReport.path(field).asLong() + calleeReport.path(field).asLong();
  }

  void print(PrintWriter out) {
    out.printf(
        "%d calls for %d s, Opus complexity %d, SRTP AES %s; CPU over %.1f s from %d s in%n",
        calls, seconds, complexity, callerReport.path("aes_provider").asText("?"), window, settle);
    out.printf("%-34s %10s %10s%n", "", "caller", "callee");
    out.printf(
        "%-34s %10.2f %10.2f%n",
        "CPU per call (% of a core)", caller.cpuPctPerCall(), callee.cpuPctPerCall());
    out.printf(
        "%-34s %10.2f %10.2f%n",
        String.format("  the whole %.0f s", whole),
        caller.cpuPctPerCallWhole(),
        callee.cpuPctPerCallWhole());
    out.printf(
        "%-34s %10.2f %10.2f%n",
        "  of which JIT compilers", caller.jitPctPerCall(), callee.jitPctPerCall());
    out.printf("%-34s %10d %10d%n", "threads (peak)", caller.peakThreads(), callee.peakThreads());
    out.printf(
        "%-34s %10.0f %10.0f%n", "resident MB (peak)", caller.peakRssMb(), callee.peakRssMb());
    for (String field :
        new String[] {
          "frames_decoded",
          "frames_concealed",
          "late_packets",
          "samples_stretched_in",
          "samples_stretched_out"
        }) {
      out.printf(
          "%-34s %10d %10d%n",
          field.replace('_', ' '),
          callerReport.path(field).asLong(),
          calleeReport.path(field).asLong());
    }
    out.printf("%-34s %10.2f%n", "concealed, both sides (%)", concealedPct());
    Double inWindow = concealedPctWindow();
    out.printf(
        "%-34s %10s%n",
        "  in the CPU window (%)", inWindow == null ? "-" : String.format("%.2f", inWindow));
    out.printf(
        "%-34s %10.1f %10.1f%n",
        "played of real time (%)", playedPct(callerReport), playedPct(calleeReport));
    out.printf(
        "%-34s %10s %10s%n",
        "Opus complexity at the end", complexityRange(callerReport), complexityRange(calleeReport));
    out.printf(
        "%-34s %10.2f   (encode %.0f us, decode %.0f us per 20 ms frame, at %d kb/s and %d%%"
            + " expected loss, where a clean path's calls settle)%n",
        "Opus alone, per call (% of a core)",
        codec.cpuPct(),
        codec.encodeMicros(),
        codec.decodeMicros(),
        codec.settings().bitrate() / 1000,
        codec.settings().expectedLossPercent());
    out.flush();
  }

  /** {@code min..max} of a phone's encoders' complexity as its calls ended. */
  private static String complexityRange(JsonNode report) {
    return report.path("complexity_effective_min").asText("?")
        + ".."
        + report.path("complexity_effective_max").asText("?");
  }

  /** The JSON the issue defines (field names are a stable contract). */
  void writeJson(Path file) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("calls", calls);
    m.put("seconds", seconds);
    m.put("cpu_pct_per_call_caller", round(caller.cpuPctPerCall()));
    m.put("cpu_pct_per_call_callee", round(callee.cpuPctPerCall()));
    m.put("cpu_pct_per_call_caller_whole", round(caller.cpuPctPerCallWhole()));
    m.put("cpu_pct_per_call_callee_whole", round(callee.cpuPctPerCallWhole()));
    m.put("jit_cpu_pct_per_call_caller", round(caller.jitPctPerCall()));
    m.put("jit_cpu_pct_per_call_callee", round(callee.jitPctPerCall()));
    m.put("settle_seconds", settle);
    m.put("window_seconds", round(window));
    m.put("whole_seconds", round(whole));
    m.put("codec_cpu_pct", round(codec.cpuPct()));
    m.put("concealed_pct", round(concealedPct()));
    Double inWindow = concealedPctWindow();
    m.put("concealed_pct_window", inWindow == null ? null : round(inWindow));
    m.put("played_pct_caller", round(playedPct(callerReport)));
    m.put("played_pct_callee", round(playedPct(calleeReport)));
    m.put("threads_caller", caller.peakThreads());
    m.put("threads_callee", callee.peakThreads());
    m.put("rss_mb_caller", round(caller.peakRssMb()));
    m.put("rss_mb_callee", round(callee.peakRssMb()));
    m.put("complexity", complexity);
    for (String side : new String[] {"caller", "callee"}) {
      JsonNode r = side.equals("caller") ? callerReport : calleeReport;
      for (String f : new String[] {"min", "max", "mean"}) {
        JsonNode v = r.path("complexity_effective_" + f);
        m.put("complexity_effective_" + f + "_" + side, v.isNumber() ? v.numberValue() : null);
      }
    }
    m.put("aes_provider", callerReport.path("aes_provider").asText("?"));
    m.put("samples_stretched", frames("samples_stretched_in") + frames("samples_stretched_out"));
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), m);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
