package io.peervoice.demo;

import io.peervoice.media.processing.AudioProcessing;
import io.peervoice.media.processing.NoiseSuppression;
import io.peervoice.media.processing.ProcessingEngine;
import io.peervoice.sdk.PhoneConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --aec on|off --ns off|low|moderate|high --agc on|off --aec-engine peervoice|webrtc|speex},
 * shared by listen and call: the audio processing of what we send. Without any of them: everything
 * on for {@code --mic}, off for a file or silence, on peervoice-aec. Each one given changes that
 * one setting of the same starting point. The engine in use is in the call report ({@code
 * audio_processing.engine}): another one when the chosen one cannot load here.
 */
final class ProcessingOptions {

  @Option(
      names = "--aec",
      paramLabel = "on|off",
      converter = OnOff.class,
      description = "Echo cancellation of what we send (default: on with --mic, else off).")
  String aec;

  @Option(
      names = "--ns",
      paramLabel = "off|low|moderate|high",
      converter = Level.class,
      description = "Noise suppression (default: moderate with --mic, else off).")
  NoiseSuppression ns;

  @Option(
      names = "--agc",
      paramLabel = "on|off",
      converter = OnOff.class,
      description = "Automatic gain control (default: on with --mic, else off).")
  String agc;

  @Option(
      names = "--aec-engine",
      paramLabel = "peervoice|webrtc|speex",
      converter = Engine.class,
      description =
          "The engine of the audio processing (default peervoice); when it cannot load here the"
              + " call runs on the next that does (the call report says which).")
  ProcessingEngine engine;

  /** The settings: the default for the source, with the options given applied; null: none given. */
  AudioProcessing settings(boolean deviceCapture) {
    if (aec == null && ns == null && agc == null && engine == null) {
      return null;
    }
    AudioProcessing p = deviceCapture ? AudioProcessing.defaults() : AudioProcessing.off();
    if (aec != null) {
      p = p.withEchoCancellation(aec.equals("on"));
    }
    if (ns != null) {
      p = p.withNoiseSuppression(ns);
    }
    if (agc != null) {
      p = p.withGainControl(agc.equals("on"));
    }
    if (engine != null) {
      p = p.withEngine(engine);
    }
    return p;
  }

  /** Sets the phone's audio processing when an option was given (else the SDK's default). */
  PhoneConfig.Builder apply(PhoneConfig.Builder builder, boolean deviceCapture) {
    AudioProcessing p = settings(deviceCapture);
    return p == null ? builder : builder.audioProcessing(p);
  }

  /** {@code on} or {@code off} (any case), checked while parsing; as {@code on} or {@code off}. */
  static final class OnOff implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        return AudioProcessing.parseSwitch("the value", value) ? "on" : "off";
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + CliErrors.oneLine(value) + "' is neither on nor off");
      }
    }
  }

  /** An engine a phone can choose, checked while parsing. */
  static final class Engine implements ITypeConverter<ProcessingEngine> {
    @Override
    public ProcessingEngine convert(String value) {
      try {
        return ProcessingEngine.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + CliErrors.oneLine(value) + "' is not an engine; use peervoice, webrtc or speex");
      }
    }
  }

  /** A noise suppression level, checked while parsing. */
  static final class Level implements ITypeConverter<NoiseSuppression> {
    @Override
    public NoiseSuppression convert(String value) {
      try {
        return NoiseSuppression.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + CliErrors.oneLine(value) + "' is not a level; use off, low, moderate or high");
      }
    }
  }
}
