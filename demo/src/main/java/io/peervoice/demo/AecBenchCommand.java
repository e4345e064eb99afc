package io.peervoice.demo;

import io.peervoice.media.audio.PcmClip;
import io.peervoice.media.audio.WavFile;
import io.peervoice.media.echo.EchoBench;
import io.peervoice.media.echo.EchoBenchResult;
import io.peervoice.media.echo.EchoMetrics;
import io.peervoice.media.echo.EchoScene;
import io.peervoice.media.echo.EchoSignals;
import io.peervoice.media.echo.SteadyCpu;
import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.AudioProcessingException;
import io.peervoice.media.processing.AudioProcessor;
import io.peervoice.media.processing.AudioProcessors;
import io.peervoice.media.processing.NoiseSuppression;
import io.peervoice.media.processing.ProcessingEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peervoice bench aec}: the real audio processing stage against a simulated
 * loudspeaker-to-microphone path (issue 14, item 5). JSON field names are a stable contract ({@link
 * AecBenchReport}).
 */
@Command(
    name = "aec",
    mixinStandardHelpOptions = true,
    description =
        "Simulates a loudspeaker-to-microphone path - the far end's speech through a room impulse"
            + " response (normalised to unit energy) or a plain delay line, delayed by --delay,"
            + " plus an optional near-end talker and white noise - runs the real audio processing"
            + " stage over it in 10 ms blocks (the played block as reference, then the captured"
            + " block), and reports ERLE over far-end single talk (whole file and after 2 s),"
            + " the time to 20 dB ERLE, the near end's envelope correlation and suppression in"
            + " double talk, and the stage's CPU per second of audio. WAV files: 16-bit PCM, any"
            + " rate 8-192 kHz (converted to 48 kHz).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  peervoice bench aec --far far.wav --near near.wav --rir room.wav --delay 60",
      "  peervoice bench aec --far far.wav --delay 120 --noise -60 --json aec.json",
      "  peervoice bench aec --far far.wav --rir room.wav --engine speexdsp"
    })
final class AecBenchCommand implements Callable<Integer> {
  static final int DEFAULT_DELAY_MILLIS = 60;
  private static final double STEADY_WARMUP_SECONDS = 360;

  @Spec CommandSpec spec;

  @Option(
      names = "--far",
      required = true,
      paramLabel = "FILE.wav",
      description = "The far end's speech: what the loudspeaker plays (the echo reference).")
  Path far;

  @Option(
      names = "--near",
      paramLabel = "FILE.wav",
      description = "The near-end talker at the microphone (default: none; no double talk).")
  Path near;

  @Option(
      names = "--rir",
      paramLabel = "FILE.wav",
      description =
          "The loudspeaker-to-microphone room impulse response, at most 3 s (default: none, a"
              + " plain delay line).")
  Path rir;

  @Option(
      names = "--delay",
      defaultValue = "" + DEFAULT_DELAY_MILLIS,
      paramLabel = "MS",
      description =
          "Playout-to-capture delay (device buffers) before the room, 0.."
              + EchoScene.MAX_DELAY_MILLIS
              + " ms (default ${DEFAULT-VALUE}).")
  int delayMillis;

  @Option(
      names = "--echo-gain",
      defaultValue = "0",
      paramLabel = "DB",
      description = "The echo's level relative to the far end's, -60..20 dB (default 0).")
  double echoGainDb;

  @Option(
      names = "--noise",
      paramLabel = "DBFS",
      description = "White noise at the microphone, RMS -120..-10 dBFS (default: none).")
  Double noiseDbfs;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "N",
      description = "The noise's seed (default 1).")
  long seed;

  @Option(
      names = "--engine",
      defaultValue = "auto",
      paramLabel = "NAME",
      description =
          "auto (what calls use: peervoice-aec), peervoice-aec, webrtc-aec3, speexdsp or none.")
  String engine;

  @Option(
      names = "--aec",
      defaultValue = "on",
      paramLabel = "on|off",
      description = "Echo cancellation (default on).")
  String aec;

  @Option(
      names = "--ns",
      defaultValue = "moderate",
      paramLabel = "off|low|moderate|high",
      converter = ProcessingOptions.Level.class,
      description = "Noise suppression (default moderate, as calls on a device).")
  NoiseSuppression ns;

  @Option(
      names = "--agc",
      defaultValue = "off",
      paramLabel = "on|off",
      description =
          "Automatic gain control (default off: its gain would count against ERLE and the near"
              + " end's level).")
  String agc;

  @Option(names = "--out", paramLabel = "FILE.wav", description = "Write the processed output.")
  Path out;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON.")
  Path json;

  @Override
  public Integer call() throws IOException {
    AudioProcessing settings = settings();
    ProcessingEngine forced = engine();
    checkScene();
    EchoScene.Builder scene =
        EchoScene.builder(read("--far", far))
            .delayMillis(delayMillis)
            .echoGainDb(echoGainDb)
            .seed(seed);
    if (near != null) {
      scene.near(read("--near", near));
    }
    if (rir != null) {
      scene.rir(read("--rir", rir));
    }
    if (noiseDbfs != null) {
      scene.noiseDbfs(noiseDbfs);
    }
    EchoSignals signals;
    try {
      signals = scene.build().mix();
    } catch (IllegalArgumentException e) {
      throw CliException.badInvocation(e.getMessage());
    }
    EchoBench.Run run;
    try (AudioProcessor processor = open(settings, forced)) {
      run = EchoBench.run(signals, processor);
    }
    EchoBenchResult result = EchoMetrics.measure(signals, run);
    EchoBench.Run again;
    try (AudioProcessor processor = open(settings, forced)) {
      again = EchoBench.run(signals, processor);
    }
    SteadyCpu.Result steady =
        new SteadyCpu(steadyWarmupRuns(signals.seconds()))
            .measure(signals, () -> open(settings, forced));
    AecBenchReport report =
        new AecBenchReport(
            result,
            settings,
            new AecBenchReport.Inputs(
                name(far), name(near), name(rir), delayMillis, echoGainDb, noiseDbfs),
            again.cpuPercent(signals.seconds()),
            steady);
    PrintWriter stdout = spec.commandLine().getOut();
    report.print(stdout);
    if (out != null) {
      WavFile.write(out, new PcmClip(48_000, run.output()));
    }
    if (json != null) {
      report.writeJson(json);
    }
    return ExitCodes.OK;
  }

  /**
   * Warm-up runs for {@code cpu_pct_steady}: about {@value #STEADY_WARMUP_SECONDS} s of audio (the
   * JIT is done with the stage after 135-270 s of it on this machine, loaded), at least 2 and at
   * most 100 runs of the scene.
   */
  static int steadyWarmupRuns(double sceneSeconds) {
    int runs = (int) Math.ceil(STEADY_WARMUP_SECONDS / Math.max(sceneSeconds, 0.01));
    return Math.max(2, Math.min(100, runs));
  }

  private AudioProcessing settings() {
    return AudioProcessing.defaults()
        .withEchoCancellation(onOff("--aec", aec))
        .withGainControl(onOff("--agc", agc))
        .withNoiseSuppression(ns);
  }

  /** {@code on} or {@code off}, with the message listen and call give for a bad one. */
  private static boolean onOff(String option, String value) {
    try {
      return AudioProcessing.parseSwitch(option, value);
    } catch (IllegalArgumentException e) {
      throw CliException.badInvocation(
          "Invalid value for option '"
              + option
              + "': '"
              + CliErrors.oneLine(value)
              + "' is neither on nor off");
    }
  }

  /** The engine asked for, or null for the one calls would use. */
  private ProcessingEngine engine() {
    String e = engine.trim().toLowerCase(Locale.ROOT);
    if (e.equals("auto")) {
      return null;
    }
    for (ProcessingEngine candidate : ProcessingEngine.values()) {
      if (candidate.label().equals(e)) {
        return candidate;
      }
    }
    throw CliException.badInvocation(
        "--engine must be auto, peervoice-aec, webrtc-aec3, speexdsp or none, got '"
            + engine
            + "'");
  }

  private void checkScene() {
    if (delayMillis < 0 || delayMillis > EchoScene.MAX_DELAY_MILLIS) {
      throw CliException.badInvocation(
          "--delay must be 0.." + EchoScene.MAX_DELAY_MILLIS + " ms, got " + delayMillis);
    }
    if (!(echoGainDb >= -60 && echoGainDb <= 20)) {
      throw CliException.badInvocation("--echo-gain must be -60..20 dB, got " + echoGainDb);
    }
    if (noiseDbfs != null && !(noiseDbfs >= -120 && noiseDbfs <= -10)) {
      throw CliException.badInvocation("--noise must be -120..-10 dBFS, got " + noiseDbfs);
    }
  }

  private static AudioProcessor open(AudioProcessing settings, ProcessingEngine forced) {
    if (forced == null) {
      return AudioProcessors.open(settings);
    }
    try {
      return AudioProcessors.open(settings, forced);
    } catch (AudioProcessingException e) {
      throw CliException.badInvocation(
          "--engine " + forced.label() + " cannot run here: " + e.getMessage());
    }
  }

  private static PcmClip read(String option, Path file) throws IOException {
    try {
      return WavFile.readAs48k(file);
    } catch (NoSuchFileException e) {
      throw CliException.badInvocation(option + " " + file + ": no such file");
    } catch (io.peervoice.media.audio.WavFormatException e) {
      throw CliException.badInvocation(option + " " + e.getMessage());
    }
  }

  private static String name(Path file) {
    return file == null ? null : String.valueOf(file.getFileName());
  }
}
