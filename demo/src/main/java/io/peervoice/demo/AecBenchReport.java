package io.peervoice.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peervoice.media.echo.EchoBenchResult;
import io.peervoice.media.echo.SteadyCpu;
import io.peervoice.media.processing.AudioProcessing;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code peervoice bench aec} measured, printed and as JSON. The JSON field names are a stable
 * contract (issue 14): {@code engine} ({@code peervoice-aec}, {@code webrtc-aec3}, {@code speexdsp}
 * or {@code none}), {@code erle_db} (whole file), {@code erle_db_after_2s}, {@code convergence_ms}
 * (to 20 dB; -1 if never), {@code linear_convergence_ms} (the same for the linear canceller alone,
 * before the residual suppressor; -1 if never; null for an engine without a separate linear stage),
 * {@code doubletalk_near_corr}, {@code doubletalk_near_suppression_db}, {@code cpu_pct} (of one
 * core); and beside them {@code cpu_pct_after_2s}, {@code cpu_pct_repeat}, {@code cpu_pct_steady},
 * {@code cpu_steady_warmup_runs}, {@code processing}, {@code audio_s}, {@code single_talk_s},
 * {@code double_talk_s}, {@code doubletalk_echo_to_near_db}, {@code doubletalk_echo_reduction_db}
 * and {@code doubletalk_residual_to_near_db} (since S10), {@code engine_echo_delay_ms}, {@code
 * engine_erle_db}, {@code erle_db_per_second}, {@code mic_clipped_samples} and {@code inputs}. A
 * figure that could not be measured (no double talk without a near end) is {@code null}.
 * docs/echo-bench.md defines each.
 *
 * @param result the figures
 * @param settings the processing stage's settings
 * @param inputs what was simulated
 * @param cpuPercentRepeat {@code cpu_pct_repeat}: the same scene run once more through a new
 *     processor of the same engine in the same process (for a Java engine still mostly before the
 *     JIT's C2 compilations: see {@code cpu_pct_steady})
 * @param steady {@code cpu_pct_steady} and {@code cpu_steady_warmup_runs}: the scene's CPU once the
 *     JIT has compiled the engine ({@link SteadyCpu})
 */
record AecBenchReport(
    EchoBenchResult result,
    AudioProcessing settings,
    Inputs inputs,
    double cpuPercentRepeat,
    SteadyCpu.Result steady) {

  /** The simulated scene: file names (null when not given), delay, echo gain, noise level. */
  record Inputs(
      String far, String near, String rir, int delayMillis, double echoGainDb, Double noiseDbfs) {}

  void print(PrintWriter out) {
    EchoBenchResult r = result;
    out.printf(
        "%s%s through %s, %d ms delay, echo %+.1f dB%s: %.1f s (far-end single talk %.1f s,"
            + " double talk %.1f s)%n",
        inputs.far(),
        inputs.near() == null ? "" : " + near end " + inputs.near(),
        inputs.rir() == null ? "a plain delay line" : inputs.rir(),
        inputs.delayMillis(),
        inputs.echoGainDb(),
        inputs.noiseDbfs() == null ? "" : String.format(", noise %.0f dBFS", inputs.noiseDbfs()),
        r.audioSeconds(),
        r.singleTalkSeconds(),
        r.doubleTalkSeconds());
    out.printf("  engine %s (%s)%n", r.engine().label(), settings.describe());
    out.printf(
        "  ERLE %s dB, after 2 s %s dB; 20 dB reached after %s%n",
        fixed(r.erleDb(), 1),
        fixed(r.erleAfter2sDb(), 1),
        r.convergenceMillis() < 0 ? "never" : r.convergenceMillis() + " ms");
    if (r.doubleTalkSeconds() > 0) {
      out.printf(
          "  double talk (echo %s dB over the near end): near-end envelope correlation %s, near"
              + " end suppressed by %s dB; echo reduced by %s dB, heard at %s dB against the near"
              + " end; output %s ms late (aligned)%n",
          fixed(r.doubletalkEchoToNearDb(), 1),
          fixed(r.doubletalkNearCorr(), 3),
          fixed(r.doubletalkNearSuppressionDb(), 1),
          fixed(r.doubletalkEchoReductionDb(), 1),
          fixed(r.doubletalkResidualToNearDb(), 1),
          fixed(r.stageLatencyMillis(), 1));
    } else {
      out.printf("  double talk: none (no --near)%n");
    }
    out.printf(
        "  CPU %.3f%% of a core (%s%% after 2 s, %s%% run again, %s%% compiled, after %d runs);"
            + " engine's estimates: echo delay %s, ERLE %s dB%n",
        r.cpuPercent(),
        fixed(r.cpuPercentAfter2s(), 3),
        fixed(cpuPercentRepeat, 3),
        fixed(steady.cpuPercent(), 3),
        steady.warmupRuns(),
        r.engineEchoDelayMs() < 0 ? "unknown" : r.engineEchoDelayMs() + " ms",
        fixed(r.engineErleDb(), 1));
    List<String> seconds = new ArrayList<>();
    for (double v : r.erlePerSecondDb()) {
      seconds.add(fixed(v, 0));
    }
    out.printf("  ERLE per second (dB): %s%n", String.join(" ", seconds));
    if (r.clippedSamples() > 0) {
      out.printf(
          "  warning: %d microphone samples clipped; lower --echo-gain%n", r.clippedSamples());
    }
    out.flush();
  }

  Map<String, Object> toJson() {
    EchoBenchResult r = result;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("engine", r.engine().label());
    m.put("erle_db", round(r.erleDb(), 2));
    m.put("erle_db_after_2s", round(r.erleAfter2sDb(), 2));
    m.put("convergence_ms", r.convergenceMillis());
    m.put("linear_convergence_ms", r.hasLinearStage() ? r.linearConvergenceMillis() : null);
    m.put("doubletalk_near_corr", round(r.doubletalkNearCorr(), 4));
    m.put("doubletalk_near_suppression_db", round(r.doubletalkNearSuppressionDb(), 2));
    m.put("doubletalk_echo_reduction_db", round(r.doubletalkEchoReductionDb(), 2));
    m.put("doubletalk_residual_to_near_db", round(r.doubletalkResidualToNearDb(), 2));
    m.put("cpu_pct", round(r.cpuPercent(), 4));
    m.put("cpu_pct_after_2s", round(r.cpuPercentAfter2s(), 4));
    m.put("cpu_pct_repeat", round(cpuPercentRepeat, 4));
    m.put("cpu_pct_steady", round(steady.cpuPercent(), 4));
    m.put("cpu_steady_warmup_runs", steady.warmupRuns());
    m.put("processing", settings.describe());
    m.put("audio_s", round(r.audioSeconds(), 2));
    m.put("single_talk_s", round(r.singleTalkSeconds(), 2));
    m.put("double_talk_s", round(r.doubleTalkSeconds(), 2));
    m.put("doubletalk_echo_to_near_db", round(r.doubletalkEchoToNearDb(), 2));
    m.put("engine_echo_delay_ms", r.engineEchoDelayMs());
    m.put("stage_latency_ms", round(r.stageLatencyMillis(), 2));
    m.put("engine_erle_db", round(r.engineErleDb(), 2));
    List<Double> perSecond = new ArrayList<>();
    for (double v : r.erlePerSecondDb()) {
      perSecond.add(round(v, 2));
    }
    m.put("erle_db_per_second", perSecond);
    m.put("mic_clipped_samples", r.clippedSamples());
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("far", inputs.far());
    in.put("near", inputs.near());
    in.put("rir", inputs.rir());
    in.put("delay_ms", inputs.delayMillis());
    in.put("echo_gain_db", inputs.echoGainDb());
    in.put("noise_dbfs", inputs.noiseDbfs());
    m.put("inputs", in);
    return m;
  }

  void writeJson(Path file) throws IOException {
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), toJson());
  }

  /** {@code v} rounded to {@code digits} decimals, or null for NaN and infinities. */
  private static Double round(double v, int digits) {
    if (!Double.isFinite(v)) {
      return null;
    }
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale + 0.0;
  }

  private static String fixed(double v, int digits) {
    Double rounded = round(v, digits);
    return rounded == null ? "-" : String.format("%." + digits + "f", rounded + 0.0);
  }
}
