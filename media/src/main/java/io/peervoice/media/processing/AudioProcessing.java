package io.peervoice.media.processing;

import java.util.Locale;
import java.util.Objects;

/**
 * What the audio processing stage does to captured audio before it is encoded: acoustic echo
 * cancellation against the played-out signal, noise suppression, automatic gain control and a
 * high-pass filter (removes DC and rumble below about 80 Hz). Each is switchable on its own.
 *
 * @param echoCancellation remove the far end's voice that the microphone picks up from the speaker
 * @param noiseSuppression how strongly stationary noise is suppressed
 * @param gainControl adapt the capture level towards a steady speech level (AGC2 / speex AGC)
 * @param highPass filter out DC and low-frequency rumble
 * @param engine the engine to run the stage on: tried first, the others (in their usual order) only
 *     when it cannot load here; {@link ProcessingEngine#PEERVOICE_AEC} unless chosen, never {@link
 *     ProcessingEngine#NONE} (use {@link #off()})
 */
public record AudioProcessing(
    boolean echoCancellation,
    NoiseSuppression noiseSuppression,
    boolean gainControl,
    boolean highPass,
    ProcessingEngine engine) {

  public AudioProcessing {
    Objects.requireNonNull(noiseSuppression, "noiseSuppression");
    Objects.requireNonNull(engine, "engine");
    if (engine == ProcessingEngine.NONE) {
      throw new IllegalArgumentException(
          "engine none is not an engine to run on: switch the processing off instead");
    }
  }

  /** The settings on the default engine ({@link ProcessingEngine#PEERVOICE_AEC}). */
  public AudioProcessing(
      boolean echoCancellation,
      NoiseSuppression noiseSuppression,
      boolean gainControl,
      boolean highPass) {
    this(echoCancellation, noiseSuppression, gainControl, highPass, ProcessingEngine.PEERVOICE_AEC);
  }

  /** Everything on (noise suppression moderate): the setting for a call on real devices. */
  public static AudioProcessing defaults() {
    return new AudioProcessing(true, NoiseSuppression.MODERATE, true, true);
  }

  /** Everything off: the captured signal reaches the encoder untouched (files, tests). */
  public static AudioProcessing off() {
    return new AudioProcessing(false, NoiseSuppression.OFF, false, false);
  }

  /** Whether anything at all is switched on. */
  public boolean enabled() {
    return echoCancellation || noiseSuppression != NoiseSuppression.OFF || gainControl || highPass;
  }

  public AudioProcessing withEchoCancellation(boolean on) {
    return new AudioProcessing(on, noiseSuppression, gainControl, highPass, engine);
  }

  public AudioProcessing withNoiseSuppression(NoiseSuppression level) {
    return new AudioProcessing(echoCancellation, level, gainControl, highPass, engine);
  }

  public AudioProcessing withGainControl(boolean on) {
    return new AudioProcessing(echoCancellation, noiseSuppression, on, highPass, engine);
  }

  public AudioProcessing withHighPass(boolean on) {
    return new AudioProcessing(echoCancellation, noiseSuppression, gainControl, on, engine);
  }

  /** The same settings run first on {@code preferred} (see {@link #engine()}). */
  public AudioProcessing withEngine(ProcessingEngine preferred) {
    return new AudioProcessing(
        echoCancellation, noiseSuppression, gainControl, highPass, preferred);
  }

  /** A short description for logs and reports, e.g. {@code aec=on ns=moderate agc=on hpf=on}. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "aec=%s ns=%s agc=%s hpf=%s",
        onOff(echoCancellation),
        noiseSuppression.label(),
        onOff(gainControl),
        onOff(highPass));
  }

  /**
   * Parses a command-line switch value: {@code on} or {@code off} (any case).
   *
   * @throws IllegalArgumentException naming the option and the accepted values
   */
  public static boolean parseSwitch(String option, String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException(option + " must be on or off: " + text);
    };
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }
}
